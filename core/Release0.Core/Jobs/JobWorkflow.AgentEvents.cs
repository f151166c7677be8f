using Release0.Core.Chats;
using Release0.Core.Diagnostics;
using Release0.Core.Http;
using Release0.Core.Jobs.Messages;
using Release0.Core.Jobs.Results;

namespace Release0.Core.Jobs;

/// <summary>Agent events (<c>release0-agent-events</c>): run the conversation once and write its transcript.</summary>
public sealed partial class JobWorkflow
{
    public async Task HandleAgentEventAsync(string message, CancellationToken cancellationToken)
    {
        using var step = JobTelemetry.StartStep(JobQueues.AgentEvents);
        if (await ParseOrRejectAsync(JobQueues.AgentEvents, message, AgentEvent.Parse, cancellationToken).ConfigureAwait(false) is not { } agentEvent)
        {
            return;
        }

        var resend = agentEvent.ResendUnknown || _options.ResendUnknown;
        var (finished, existing) = await FinishedAsync(ResultPaths.Chat(agentEvent.EventId), JobsJsonContext.Default.ChatTranscriptResult, resend, $"agent event {agentEvent.EventId}", cancellationToken).ConfigureAwait(false);
        if (finished)
        {
            return;
        }

        ChatTranscriptResult NewResult(ClaimRecord claimed) => new()
        {
            EventId = agentEvent.EventId,
            AgentId = agentEvent.AgentId,
            InitialContext = agentEvent.InitialContext,
            Replies = agentEvent.Replies.ToList(),
            StartedAt = _time.GetUtcNow(),
            ClaimedAt = claimed.ClaimedAt,
            Attempt = claimed.Attempt,
        };
        var claim = await ClaimOrDecideAsync(ChatClaims, agentEvent.EventId, existing, JobQueues.AgentEvents, message, resend, "no transcript was written", "eventId", async (held, error) =>
        {
            var unknown = NewResult(held);
            unknown.Outcome = "failed";
            unknown.Error = error;
            return await FinishChatAsync(unknown, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return;
        }

        var result = NewResult(claim.Record);
        ChatSession? session = null;
        try
        {
            session = await _chats.StartAsync(agentEvent.AgentId, new StartChatRequest { InitialContext = agentEvent.InitialContext }, cancellationToken).ConfigureAwait(false);
            var replies = new Queue<string>(agentEvent.Replies);
            await new ConversationRunner(_chats, _log).RunAsync(
                session,
                (_, _) => new ValueTask<ChatReply?>(replies.Count > 0 ? ChatReply.FromText(replies.Dequeue()) : null),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            result.Outcome = session.IsCompleted ? "completed" : "waitingForInput";
            result.PendingInput = session.PendingInput?.ToString();
        }
        catch (NotSentCanceledException) when (session is null)
        {
            await _claims.ReleaseAsync(claim, "stopped before the conversation was started", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Release0ApiException ex) when (ex.Throttled && session is null)
        {
            // Refused for the platform's rate limit before anything started: the event comes back after the wait.
            var deadline = agentEvent.Deadline ?? result.StartedAt + _options.DefaultTimeout;
            var delay = _throttling.DelayFor(ex);
            if (!_throttling.PastDeadline(delay, deadline))
            {
                await _claims.ReleaseAsync(claim, ex.Message, cancellationToken).ConfigureAwait(false);
                await _throttling.ComeBackAsync(JobQueues.AgentEvents, JobThrottling.WithDeadline(message, deadline), $"agent event {agentEvent.EventId}", delay, cancellationToken).ConfigureAwait(false);
                return;
            }

            result.Outcome = "timedOut";
            result.Error = JobThrottling.KeptRefusing(ex, deadline);
        }
        catch (Release0ApiException ex)
        {
            // Once the conversation has started, trying the event again starts a second one.
            var retry = session is null
                ? SubmitFailure.ShouldRetry(ex, _options.SubmitPolicy)
                : _options.SubmitPolicy == SubmitPolicy.AtLeastOnce && SubmitFailure.Classify(ex) != SubmitFailureKind.Refused;
            if (retry)
            {
                await _claims.ReleaseAsync(claim, ex.Message, cancellationToken).ConfigureAwait(false);
                throw;
            }

            result.Outcome = "failed";
            result.Error = session is null
                ? SubmitError(ex)
                : ErrorOf(ex, $"The conversation had started (session {session.SessionId}), so it is not started again: that could hold it twice. Continue that session yourself, or send the event again with a new eventId.");
        }
        catch (InvalidOperationException ex)
        {
            // The conversation runner's guard against an agent that never stops: retrying would loop again.
            result.Outcome = "failed";
            result.Error = new JobError { Kind = "Conversation", Message = ex.Message, Reason = "Not started again: the agent did not end the conversation." };
        }

        if (session is not null)
        {
            result.SessionId = session.SessionId;
            result.Transcript = session.Transcript.Select(e => new TranscriptLine { Speaker = e.Speaker == Speaker.Agent ? "agent" : "user", Text = e.Text, At = e.At }).ToList();
            result.Turns = session.Turns.Select(t => t.Raw).ToList();
        }

        await FinishChatAsync(result, cancellationToken).ConfigureAwait(false);
    }
}
