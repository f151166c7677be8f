using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Release0.Core.Batches;
using Release0.Core.Chats;
using Release0.Core.Connection;
using Release0.Core.Diagnostics;
using Release0.Core.Http;
using Release0.Core.Jobs.Messages;
using Release0.Core.Jobs.Results;
using Release0.Core.Text;

namespace Release0.Core.Jobs;

/// <summary>
/// The batch-job and agent-event workflow behind the Functions app and <c>release0 jobs run</c>.
/// Each handler takes one queue message. A malformed message is written to <c>rejected/</c> with its
/// text and reason and is not retried; a failure the platform will not fix by itself (a 4xx) ends the
/// job with a failed result; a transient failure is thrown so the host retries the message.
/// Each job reaches the platform at most once by default: a delivery first claims the job with a
/// create-once write (see <see cref="JobClaims"/>), only the claim's writer sends it, and a failure after
/// which the platform may have acted ends the job instead of resending it (<see cref="SubmitPolicy"/>).
/// A claim whose owner stopped without an outcome ends the job as outcome unknown; only a deliberate
/// resend (<see cref="JobWorkflowOptions.ResendUnknown"/>, or the message's <c>resendUnknown</c>) sends it
/// again, replacing that document and keeping the unknown outcome in its history.
/// A store that cannot be written throws <see cref="JobStoreException"/> before anything is sent.
/// </summary>
public sealed partial class JobWorkflow
{
    private const string BatchClaims = "batches";
    private const string ChatClaims = "chats";

    private readonly ChatClient _chats;
    private readonly BatchClient _batches;
    private readonly IJobQueue _queue;
    private readonly IResultStore _store;
    private readonly JobClaims _claims;
    private readonly JobWorkflowOptions _options;
    private readonly BatchPollSchedule _schedule;
    private readonly TimeProvider _time;
    private readonly IRelease0Log _log;
    private readonly ApiTransport _transport;
    private readonly IRunLiveness? _liveness;
    private readonly JobThrottling _throttling;
    private readonly ConcurrentDictionary<string, bool> _stoppedClaims = new(StringComparer.Ordinal);

    // Completed durations per agent, so polls of the next jobs follow the agent's usual length: in
    // this process, and in the options' PollHistoryStore (if any) for the processes that follow.
    private readonly SharedPollHistory _history;

    public JobWorkflow(Release0Connection connection, IJobQueue queue, IResultStore store, JobWorkflowOptions? options = null, IRelease0Log? log = null)
        : this(connection, queue, store, options, log, liveness: null)
    {
    }

    /// <param name="liveness">Tells whether the run named in a claim still runs; claims this workflow writes name its run.</param>
    internal JobWorkflow(Release0Connection connection, IJobQueue queue, IResultStore store, JobWorkflowOptions? options, IRelease0Log? log, IRunLiveness? liveness)
    {
        _chats = new ChatClient(connection);
        _batches = new BatchClient(connection);
        _queue = queue;
        _store = new CheckedResultStore(store);
        _options = options ?? new JobWorkflowOptions();
        _options.Validate();
        _schedule = new BatchPollSchedule(_options.PollSchedule);
        _transport = connection.Transport;
        _time = _transport.Time;
        _liveness = liveness;
        _throttling = new JobThrottling(_transport, queue);
        _claims = new JobClaims(_store, _time, liveness?.RunId);
        _log = log ?? NullRelease0Log.Instance;
        _history = new SharedPollHistory(_options.PollHistoryStore, _log);
    }

    /// <summary>How many jobs and events this workflow found claimed by a run that had stopped, and declared unknown.</summary>
    internal int StoppedClaims => _stoppedClaims.Count;

    /// <summary>The latest claim on a batch job (<c>batches</c>) or event (<c>chats</c>), and whether it was released.</summary>
    internal Task<(ClaimRecord Claim, bool Released)?> LatestClaimAsync(string kind, string id, CancellationToken cancellationToken) =>
        _claims.LatestAsync(kind, id, cancellationToken);

    /// <summary>Routes a message to its handler by queue name.</summary>
    public Task HandleAsync(string queue, string message, CancellationToken cancellationToken) => queue switch
    {
        JobQueues.BatchRequests => HandleBatchRequestAsync(message, cancellationToken),
        JobQueues.BatchPolls => HandleBatchPollAsync(message, cancellationToken),
        JobQueues.AgentEvents => HandleAgentEventAsync(message, cancellationToken),
        _ => throw new ArgumentException($"'{queue}' is not a queue of the job workflow.", nameof(queue)),
    };

    /// <summary>Records a message that can never be processed, with its text and the reason.</summary>
    internal async Task RejectAsync(string queue, string? id, string message, string reason, CancellationToken cancellationToken)
    {
        var path = ResultPaths.Rejected(queue, id, message);
        var name = Path.GetFileNameWithoutExtension(path);
        JobTelemetry.Ended("rejected");
        var rejected = new RejectedMessage { Queue = queue, Id = id ?? name, Reason = reason, ReceivedAt = _time.GetUtcNow(), OriginalText = message };
        if (await _store.TryCreateAsync(path, JsonSerializer.Serialize(rejected, JobsJsonContext.Default.RejectedMessage), cancellationToken).ConfigureAwait(false))
        {
            _log.Write(Release0LogLevel.Warning, $"rejected a message on {queue} ({id ?? name}): {reason}");
            _options.OnFinished?.Invoke(new JobFinished("rejected", id ?? name, "rejected", path));
        }
        else
        {
            _log.Write(Release0LogLevel.Verbose, $"a message on {queue} ({id ?? name}) was rejected before; redelivered copy ignored");
        }
    }

    /// <summary>A poll refused with a 4xx, or answered with nonsense, will not change by polling again.</summary>
    private static bool IsPermanent(Release0ApiException ex) =>
        ex.Kind == ApiErrorKind.InvalidResponse || SubmitFailure.Classify(ex) == SubmitFailureKind.Refused;

    /// <summary>A failed start: after an ambiguous one (500, 502, 504, a timeout, a drop) nobody knows whether the platform has it.</summary>
    private static JobError SubmitError(Release0ApiException ex)
    {
        var error = ErrorOf(ex, SubmitFailure.Reason(ex));
        error.OutcomeUnknown = SubmitFailure.Classify(ex) == SubmitFailureKind.Ambiguous ? true : null;
        return error;
    }

    /// <summary>A start that failed in a way nothing classified: whether the platform has it is unknown.</summary>
    private static JobError UnexpectedError(Exception ex) => new()
    {
        Kind = "Unexpected",
        OutcomeUnknown = true,
        Message = $"The answer to the submit could not be handled ({ex.GetType().Name}): {ex.Message}",
        Reason = SubmitFailure.AmbiguousReason,
    };

    private static JobError ErrorOf(Release0ApiException ex, string? reason = null) => new() { Kind = ex.Kind.ToString(), Status = ex.StatusCode, Code = ex.ErrorCode, Message = ex.ApiMessage ?? ex.Message, Detail = ex.Message, Reason = reason };

    /// <summary>
    /// Claims the work for this delivery, or settles a claim someone else holds: a live owner is waited
    /// for (null: looked at again later); an owner that stopped, or whose lease ended, leaves the outcome
    /// unknown, recorded by <paramref name="recordUnknown"/>. Only with <paramref name="resend"/> is that
    /// attempt then handed back and the next one claimed, which is the one way such a job is sent again.
    /// </summary>
    private async Task<JobClaim?> ClaimOrDecideAsync(
        string kind, string id, IJobResult? existing, string queue, string message, bool resend, string missing, string idName, Func<ClaimRecord, JobError, Task<bool>> recordUnknown, CancellationToken cancellationToken, int releasedAttempt = 0)
    {
        var what = $"{(kind == BatchClaims ? "batch job" : "agent event")} {id}";
        var claim = await _claims.ClaimAsync(kind, id, cancellationToken, releasedAttempt).ConfigureAwait(false);
        if (claim.Owned)
        {
            return claim;
        }

        // An attempt already declared unknown (by an earlier run or delivery) is not waited for again.
        var decided = existing is not null && existing.IsOutcomeUnknown() && (existing.Attempt ?? claim.Record.Attempt) >= claim.Record.Attempt;
        if (!decided)
        {
            var verdict = await WaitForOwnerAsync(queue, message, claim, what, cancellationToken).ConfigureAwait(false);
            if (verdict == OwnerVerdict.Waiting)
            {
                return null;
            }

            if (await recordUnknown(claim.Record, OutcomeUnknown(claim.Record, verdict, missing, idName)).ConfigureAwait(false) && verdict == OwnerVerdict.Stopped)
            {
                _stoppedClaims[$"{kind}/{id}"] = true;
            }
        }

        if (!resend)
        {
            return null;
        }

        await _claims.ReleaseAsync(claim, "resent deliberately: the outcome of this attempt is unknown", cancellationToken).ConfigureAwait(false);
        var next = await _claims.ClaimAsync(kind, id, cancellationToken).ConfigureAwait(false);
        if (next.Owned)
        {
            _log.Write(Release0LogLevel.Verbose, $"{what}: its outcome was unknown; sending it again as asked (attempt {next.Record.Attempt})");
            return next;
        }

        // Another delivery is resending it at this moment: look again later, as at any claim.
        await _queue.EnqueueAsync(queue, message, _options.ClaimRecheckInterval, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// A start refused for the platform's rate limit: the claim is handed back and the message put back after
    /// <paramref name="delay"/>, keeping its first delivery's deadline and naming the attempt it released, so
    /// the next delivery claims the one after it directly.
    /// </summary>
    private async Task ComeBackThrottledAsync(JobClaim claim, Release0ApiException refusal, string queue, string message, string what, DateTimeOffset deadline, TimeSpan delay, CancellationToken cancellationToken)
    {
        await _claims.ReleaseAsync(claim, refusal.Message, cancellationToken).ConfigureAwait(false);
        await _throttling.ComeBackAsync(queue, JobThrottling.WithDeadline(message, deadline, claim.Record.Attempt), what, delay, cancellationToken).ConfigureAwait(false);
    }

    private JobError OutcomeUnknown(ClaimRecord claim, OwnerVerdict verdict, string missing, string idName) => new()
    {
        Kind = JobError.OutcomeUnknownKind,
        OutcomeUnknown = true,
        Message = verdict == OwnerVerdict.Stopped
            ? $"Claimed at {claim.ClaimedAt:O} by run {claim.RunId}, which stopped: {missing}, and the platform may or may not have received it."
            : verdict == OwnerVerdict.OwnRun
            ? $"Claimed at {claim.ClaimedAt:O} by this run, whose delivery ended without an outcome: {missing}, and the platform may or may not have received it."
            : $"Claimed at {claim.ClaimedAt:O}, but {missing} before its lease ended at {claim.ClaimedAt + _options.ClaimLease:O}: the delivery that claimed it stopped, and the platform may or may not have received it.",
        Reason = $"Not sent again, so it cannot run twice. Check the platform; to send it once more anyway, resend it deliberately (jobs run --at-least-once, or the message with \"resendUnknown\": true), or send it with a new {idName}.",
    };

    /// <summary>
    /// Someone else holds the claim. A run known to be alive is looked at again later, for as long as it
    /// lives; one known to have stopped is settled now; otherwise (no run named, or none can be told) the
    /// claim is waited for until its lease ends.
    /// </summary>
    private async Task<OwnerVerdict> WaitForOwnerAsync(string queue, string message, JobClaim claim, string what, CancellationToken cancellationToken)
    {
        // This run's own claim is never waited for: the delivery that wrote it has ended without an outcome.
        if (claim.Record.RunId is { } ownRun && ownRun == _liveness?.RunId)
        {
            return OwnerVerdict.OwnRun;
        }

        var owner = claim.Record.RunId is { } runId && _liveness is not null ? _liveness.StateOf(runId) : RunState.Unknown;
        if (owner == RunState.Stopped)
        {
            return OwnerVerdict.Stopped;
        }

        if (owner == RunState.Alive)
        {
            _transport.NotifyWaiting(Release0WaitKind.Claim, what, $"claimed by run {claim.Record.RunId}, which is still running", _options.ClaimRecheckInterval);
            await _queue.EnqueueAsync(queue, message, _options.ClaimRecheckInterval, cancellationToken).ConfigureAwait(false);
            return OwnerVerdict.Waiting;
        }

        var leaseEnd = claim.Record.ClaimedAt + _options.ClaimLease;
        var remaining = leaseEnd - _time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return OwnerVerdict.LeaseEnded;
        }

        var delay = remaining < _options.ClaimRecheckInterval ? remaining : _options.ClaimRecheckInterval;
        _log.Write(Release0LogLevel.Warning, $"{what} was claimed at {claim.Record.ClaimedAt:O} by another delivery, or by an earlier run that stopped; looking again in {delay.TotalSeconds:0.#} s (its outcome is declared unknown if none is recorded by {leaseEnd:O})");
        await _queue.EnqueueAsync(queue, message, delay, cancellationToken).ConfigureAwait(false);
        return OwnerVerdict.Waiting;
    }

    private async Task<BatchPollSchedule> ScheduleForAsync(PollTicket ticket) =>
        ticket.AgentId is { } agent && await _history.DurationsOfAsync(agent).ConfigureAwait(false) is { Count: > 0 } durations ? new BatchPollSchedule(_options.PollSchedule, durations) : _schedule;

    private async Task SchedulePollAsync(PollTicket ticket, CancellationToken cancellationToken)
    {
        var remaining = ticket.Deadline - _time.GetUtcNow();
        var delay = (await ScheduleForAsync(ticket).ConfigureAwait(false)).DelayBefore(ticket.Attempt);
        delay = delay < remaining ? delay : remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
        JobTelemetry.PollScheduled(ticket, delay);

        // The poll waits in the queue, not in this process: say so, as a front end's own waits do.
        _transport.NotifyWaiting(Release0WaitKind.Poll, $"batch {ticket.BatchJobId} (job {ticket.JobId})", ticket.Attempt == 1 ? "submitted" : $"pending after {Plural.Of(ticket.Attempt - 1, "poll")}", delay);
        await _queue.EnqueueAsync(JobQueues.BatchPolls, JsonSerializer.Serialize(ticket, JobsJsonContext.Default.PollTicket), delay, cancellationToken).ConfigureAwait(false);
    }

    private Task<SubmissionRecord?> ReadSubmissionAsync(string jobId, CancellationToken cancellationToken) =>
        ReadResultAsync(ResultPaths.Submission(jobId), JobsJsonContext.Default.SubmissionRecord, cancellationToken);

    private Task<bool> FinishBatchAsync(BatchJobResult result, CancellationToken cancellationToken)
    {
        result.FinishedAt = _time.GetUtcNow();
        JobTelemetry.BatchFinished(result);
        return FinishAsync("batch", result.JobId, ResultPaths.Batch(result.JobId), result, JobsJsonContext.Default.BatchJobResult, cancellationToken);
    }

    private Task<bool> FinishChatAsync(ChatTranscriptResult result, CancellationToken cancellationToken)
    {
        result.FinishedAt = _time.GetUtcNow();
        JobTelemetry.Ended(result.Outcome);
        return FinishAsync("chat", result.EventId, ResultPaths.Chat(result.EventId), result, JobsJsonContext.Default.ChatTranscriptResult, cancellationToken);
    }

    /// <summary>
    /// Writes the final document once; an existing one is replaced only when its outcome is unknown
    /// (see <see cref="JobResults.MayReplace"/>), keeping it in the history. True when this call wrote it.
    /// </summary>
    private async Task<bool> FinishAsync<T>(string kind, string id, string path, T result, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class, IJobResult
    {
        if (!await _store.TryCreateAsync(path, JsonSerializer.Serialize(result, type), cancellationToken).ConfigureAwait(false))
        {
            if (await ReadResultAsync(path, type, cancellationToken).ConfigureAwait(false) is not { } existing || !result.MayReplace(existing))
            {
                return false;
            }

            result.Inherit(existing);
            await _store.ReplaceAsync(path, JsonSerializer.Serialize(result, type), cancellationToken).ConfigureAwait(false);
        }

        _options.OnFinished?.Invoke(new JobFinished(kind, id, result.Outcome, path));
        return true;
    }

    /// <summary>
    /// The final document at <paramref name="path"/>, and whether it ends the work: it does unless it is an
    /// unknown outcome being resent deliberately. A redelivered message of finished work is ignored.
    /// </summary>
    private async Task<(bool Finished, T? Existing)> FinishedAsync<T>(string path, JsonTypeInfo<T> type, bool resend, string what, CancellationToken cancellationToken)
        where T : class, IJobResult
    {
        var existing = await ReadResultAsync(path, type, cancellationToken).ConfigureAwait(false);
        if (existing is not null && !(resend && existing.IsOutcomeUnknown()))
        {
            _log.Write(Release0LogLevel.Verbose, $"{what} already finished; redelivered message ignored");
            return (true, existing);
        }

        return (false, existing);
    }

    private async Task<T?> ReadResultAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class =>
        await _store.ReadAsync(path, cancellationToken).ConfigureAwait(false) is { } text ? JsonSerializer.Deserialize(text, type) : null;

    /// <summary>The parsed message, or null after recording it as rejected (it can never be processed).</summary>
    private async Task<T?> ParseOrRejectAsync<T>(string queue, string message, Func<string, T> parse, CancellationToken cancellationToken, string? fallbackId = null)
        where T : class
    {
        try
        {
            var parsed = parse(message);
            JobTelemetry.Parsed(parsed);
            return parsed;
        }
        catch (JobMessageException ex)
        {
            await RejectAsync(queue, ex.Id ?? fallbackId, message, ex.Message, cancellationToken).ConfigureAwait(false);
            return null;
        }
    }
}
