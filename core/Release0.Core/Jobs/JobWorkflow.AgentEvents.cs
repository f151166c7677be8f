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
        }, cancellationToken, agentEvent.ReleasedAttempt).ConfigureAwait(false);
        if (claim is null)
        {
            return;
        }

        var result = NewResult(claim.Record);
        var deadline = agentEvent.Deadline ?? result.StartedAt + _options.DefaultTimeout;
        ChatSession? session = null;
        try
        {
            session = await _chats.StartAsync(agentEvent.AgentId, new StartChatRequest { InitialContext = agentEvent.InitialContext }, cancellationToken).ConfigureAwait(false);
            await ConverseAsync(session, new EventReplies(agentEvent.Replies), $"agent event {agentEvent.EventId}", deadline, cancellationToken).ConfigureAwait(false);
            result.Outcome = session.IsCompleted ? "completed" : "waitingForInput";
            result.PendingInput = session.PendingInput?.ToString();
        }
        catch (NotSentCanceledException) when (session is null)
        {
            await _claims.ReleaseAsync(claim, "stopped before the conversation was started", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Release0ApiException ex) when (ex.Throttled)
        {
            // Refused for the platform's rate limit before anything started: the event comes back after the wait.
            // A conversation under way waited in place (ConverseAsync) and reaches here only past the deadline.
            var delay = _throttling.DelayFor(ex);
            if (session is null && !_throttling.PastDeadline(delay, deadline))
            {
                await ComeBackThrottledAsync(claim, ex, JobQueues.AgentEvents, message, $"agent event {agentEvent.EventId}", deadline, delay, cancellationToken).ConfigureAwait(false);
                return;
            }

            result.Outcome = "timedOut";
            result.Error = JobThrottling.KeptRefusing(ex, deadline);
            if (session is not null)
            {
                result.Error.Reason = $"The conversation had started (session {session.SessionId}); the reply the platform kept refusing was not taken. Continue that session yourself, or send the event again with a new eventId.";
            }
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

    /// <summary>
    /// Sends the replies until the conversation ends or they run out. A continue refused for the platform's
    /// rate limit was answered, so nothing was acted on: it is sent again, with the same reply, after the
    /// platform's wait, until the deadline. It waits in place rather than coming back through the queue like
    /// a start, because the conversation so far lives only here.
    /// </summary>
    private async Task ConverseAsync(ChatSession session, EventReplies replies, string what, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await new ConversationRunner(_chats, _log).RunAsync(session, replies.NextAsync, replies.Answered, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Release0ApiException ex) when (ex.Throttled)
            {
                var delay = _throttling.DelayFor(ex);
                if (_throttling.PastDeadline(delay, deadline))
                {
                    throw;
                }

                await _throttling.WaitInPlaceAsync(what, delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
