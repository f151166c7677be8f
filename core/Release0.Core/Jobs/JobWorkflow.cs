using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Release0.Core.Batches;
using Release0.Core.Chats;
using Release0.Core.Connection;
using Release0.Core.Diagnostics;
using Release0.Core.Http;
using Release0.Core.Jobs.Messages;
using Release0.Core.Jobs.Results;

namespace Release0.Core.Jobs;

/// <summary>
/// The batch-job and agent-event workflow behind the Functions app and <c>release0 jobs run</c>.
/// Each handler takes one queue message. A malformed message is written to <c>rejected/</c> with its
/// text and reason and is not retried; a failure the platform will not fix by itself (a 4xx) ends the
/// job with a failed result; a transient failure (5xx, 429, timeout, network) is thrown so the host
/// retries the message. Redelivery is safe: results are create-once and a submitted job is recorded
/// before its first poll is scheduled, so it is never submitted twice.
/// </summary>
public sealed class JobWorkflow
{
    private readonly ChatClient _chats;
    private readonly BatchClient _batches;
    private readonly IJobQueue _queue;
    private readonly IResultStore _store;
    private readonly JobWorkflowOptions _options;
    private readonly BatchPollSchedule _schedule;
    private readonly TimeProvider _time;
    private readonly IRelease0Log _log;

    public JobWorkflow(Release0Connection connection, IJobQueue queue, IResultStore store, JobWorkflowOptions? options = null, IRelease0Log? log = null)
    {
        _chats = new ChatClient(connection);
        _batches = new BatchClient(connection);
        _queue = queue;
        _store = store;
        _options = options ?? new JobWorkflowOptions();
        _options.PollSchedule.Validate();
        _schedule = new BatchPollSchedule(_options.PollSchedule);
        _time = connection.Transport.Time;
        _log = log ?? NullRelease0Log.Instance;
    }

    /// <summary>Routes a message to its handler by queue name.</summary>
    public Task HandleAsync(string queue, string message, CancellationToken cancellationToken) => queue switch
    {
        JobQueues.BatchRequests => HandleBatchRequestAsync(message, cancellationToken),
        JobQueues.BatchPolls => HandleBatchPollAsync(message, cancellationToken),
        JobQueues.AgentEvents => HandleAgentEventAsync(message, cancellationToken),
        _ => throw new ArgumentException($"'{queue}' is not a queue of the job workflow.", nameof(queue)),
    };

    public async Task HandleBatchRequestAsync(string message, CancellationToken cancellationToken)
    {
        using var step = JobTelemetry.StartStep(JobQueues.BatchRequests);
        if (await ParseOrRejectAsync(JobQueues.BatchRequests, message, BatchJobRequest.Parse, cancellationToken).ConfigureAwait(false) is not { } job)
        {
            return;
        }

        if (await _store.ReadAsync(ResultPaths.Batch(job.JobId), cancellationToken).ConfigureAwait(false) is not null)
        {
            _log.Write(Release0LogLevel.Verbose, $"batch job {job.JobId} already finished; redelivered request ignored");
            return;
        }

        var record = await ReadSubmissionAsync(job.JobId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            var now = _time.GetUtcNow();
            var deadline = job.Deadline ?? now + _options.DefaultTimeout;
            var asked = BatchRequestDocument.From(job.Request);
            if (deadline <= now)
            {
                await FinishBatchAsync(new BatchJobResult { JobId = job.JobId, Outcome = "timedOut", Request = asked, ReceivedAt = now, Deadline = deadline, Error = new JobError { Kind = "Deadline", Message = $"The deadline {deadline:O} had passed before the job could be submitted." } }, cancellationToken).ConfigureAwait(false);
                return;
            }

            BatchSubmission submission;
            try
            {
                submission = await _batches.SubmitAsync(job.Request, cancellationToken).ConfigureAwait(false);
            }
            catch (Release0ApiException ex) when (IsPermanent(ex))
            {
                await FinishBatchAsync(new BatchJobResult { JobId = job.JobId, Outcome = "failed", Request = asked, ReceivedAt = now, Deadline = deadline, Error = ErrorOf(ex) }, cancellationToken).ConfigureAwait(false);
                return;
            }

            record = new SubmissionRecord { JobId = job.JobId, BatchJobId = submission.BatchJobId, ReceivedAt = now, SubmittedAt = _time.GetUtcNow(), Deadline = deadline, Request = asked };
            await _store.TryCreateAsync(ResultPaths.Submission(job.JobId), JsonSerializer.Serialize(record, JobsJsonContext.Default.SubmissionRecord), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Submitted before, but the first poll may never have been scheduled (the host died in between).
            _log.Write(Release0LogLevel.Verbose, $"batch job {job.JobId} was already submitted as {record.BatchJobId}; scheduling its poll again");
        }

        var ticket = new PollTicket(job.JobId, record.BatchJobId, record.Request.UserProfileId, 1, record.Deadline, record.SubmittedAt);
        await SchedulePollAsync(ticket, cancellationToken).ConfigureAwait(false);
    }

    public async Task HandleBatchPollAsync(string message, CancellationToken cancellationToken)
    {
        using var step = JobTelemetry.StartStep(JobQueues.BatchPolls);
        if (await ParseOrRejectAsync(JobQueues.BatchPolls, message, PollTicket.Parse, cancellationToken).ConfigureAwait(false) is not { } ticket)
        {
            return;
        }

        if (await _store.ReadAsync(ResultPaths.Batch(ticket.JobId), cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        var record = await ReadSubmissionAsync(ticket.JobId, cancellationToken).ConfigureAwait(false);
        var result = new BatchJobResult
        {
            JobId = ticket.JobId,
            BatchJobId = ticket.BatchJobId,
            Request = record?.Request,
            Polls = ticket.Attempt,
            ReceivedAt = record?.ReceivedAt,
            SubmittedAt = ticket.SubmittedAt,
            Deadline = ticket.Deadline,
        };

        BatchStatus status;
        try
        {
            status = await _batches.GetAsync(ticket.BatchJobId, ticket.UserProfileId, cancellationToken).ConfigureAwait(false);
        }
        catch (Release0ApiException ex) when (IsPermanent(ex))
        {
            result.Outcome = "failed";
            result.Error = ErrorOf(ex);
            await FinishBatchAsync(result, cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = _time.GetUtcNow();
        if (status.State is BatchState.Completed or BatchState.Failed || now >= ticket.Deadline)
        {
            result.Outcome = status.State switch
            {
                BatchState.Completed => "completed",
                BatchState.Failed => "failed",
                _ => "timedOut",
            };
            result.Response = BatchResponseDocument.From(status);
            if (status.State == BatchState.Failed)
            {
                result.Error = new JobError { Kind = "JobFailed", Code = status.ErrorCode, Message = status.ErrorMessage ?? "The batch job failed." };
            }
            else if (status.State != BatchState.Completed)
            {
                result.Error = new JobError { Kind = "Deadline", Message = $"Still {status.StatusText ?? "unfinished"} at the deadline {ticket.Deadline:O} after {ticket.Attempt} polls." };
            }

            await FinishBatchAsync(result, cancellationToken).ConfigureAwait(false);
            return;
        }

        await SchedulePollAsync(ticket.Next(), cancellationToken).ConfigureAwait(false);
    }

    public async Task HandleAgentEventAsync(string message, CancellationToken cancellationToken)
    {
        using var step = JobTelemetry.StartStep(JobQueues.AgentEvents);
        if (await ParseOrRejectAsync(JobQueues.AgentEvents, message, AgentEvent.Parse, cancellationToken).ConfigureAwait(false) is not { } agentEvent)
        {
            return;
        }

        var path = ResultPaths.Chat(agentEvent.EventId);
        if (await _store.ReadAsync(path, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        var result = new ChatTranscriptResult
        {
            EventId = agentEvent.EventId,
            AgentId = agentEvent.AgentId,
            InitialContext = agentEvent.InitialContext,
            Replies = agentEvent.Replies.ToList(),
            StartedAt = _time.GetUtcNow(),
        };
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
        catch (Release0ApiException ex) when (IsPermanent(ex))
        {
            result.Outcome = "failed";
            result.Error = ErrorOf(ex);
        }

        if (session is not null)
        {
            result.SessionId = session.SessionId;
            result.Transcript = session.Transcript.Select(e => new TranscriptLine { Speaker = e.Speaker == Speaker.Agent ? "agent" : "user", Text = e.Text, At = e.At }).ToList();
            result.Turns = session.Turns.Select(t => t.Raw).ToList();
        }

        result.FinishedAt = _time.GetUtcNow();
        JobTelemetry.Ended(result.Outcome);
        if (await _store.TryCreateAsync(path, JsonSerializer.Serialize(result, JobsJsonContext.Default.ChatTranscriptResult), cancellationToken).ConfigureAwait(false))
        {
            _options.OnFinished?.Invoke(new JobFinished("chat", agentEvent.EventId, result.Outcome, path));
        }
    }

    /// <summary>
    /// The timer's work: enqueue every definition's request once for the slot <paramref name="now"/> falls in.
    /// The request is enqueued before the slot is marked, so a crash in between at worst enqueues it
    /// again, and the request's job id (<c>{id}-{slot}</c>) keeps that from submitting twice.
    /// </summary>
    public async Task<int> EnqueueDueJobsAsync(IJobDefinitionSource definitions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var step = JobTelemetry.StartStep("schedules");
        var enqueued = 0;
        foreach (var entry in await definitions.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var (name, text) = (entry.Key, entry.Value);
            if (await ParseOrRejectAsync("schedules", text, ScheduledJobDefinition.Parse, cancellationToken, name).ConfigureAwait(false) is not { } definition)
            {
                continue;
            }

            var slot = definition.SlotOf(now);
            var marker = ResultPaths.ScheduleSlot(definition.Id, slot);
            if (await _store.ReadAsync(marker, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            var jobId = $"{definition.Id}-{slot}";
            var request = JsonNode.Parse(definition.RequestTemplate)!.AsObject();
            request["jobId"] = jobId;
            await _queue.EnqueueAsync(JobQueues.BatchRequests, request.ToJsonString(), TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            var slotRecord = new ScheduleSlotRecord { DefinitionId = definition.Id, Slot = slot, JobId = jobId, EnqueuedAt = _time.GetUtcNow() };
            await _store.TryCreateAsync(marker, JsonSerializer.Serialize(slotRecord, JobsJsonContext.Default.ScheduleSlotRecord), cancellationToken).ConfigureAwait(false);
            enqueued++;
        }

        return enqueued;
    }

    /// <summary>A 4xx (other than 408 and 429) or a nonsensical answer will not change by retrying.</summary>
    private static bool IsPermanent(Release0ApiException ex) =>
        ex.Kind == ApiErrorKind.InvalidResponse
        || (ex.Kind == ApiErrorKind.Http && ex.StatusCode is >= 400 and < 500 and not 408 and not 429);

    private static JobError ErrorOf(Release0ApiException ex) => new() { Kind = ex.Kind.ToString(), Status = ex.StatusCode, Code = ex.ErrorCode, Message = ex.ApiMessage ?? ex.Message, Detail = ex.Message };

    private async Task SchedulePollAsync(PollTicket ticket, CancellationToken cancellationToken)
    {
        var remaining = ticket.Deadline - _time.GetUtcNow();
        var delay = _schedule.DelayBefore(ticket.Attempt);
        delay = delay < remaining ? delay : remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
        JobTelemetry.PollScheduled(ticket, delay);
        await _queue.EnqueueAsync(JobQueues.BatchPolls, JsonSerializer.Serialize(ticket, JobsJsonContext.Default.PollTicket), delay, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SubmissionRecord?> ReadSubmissionAsync(string jobId, CancellationToken cancellationToken) =>
        await _store.ReadAsync(ResultPaths.Submission(jobId), cancellationToken).ConfigureAwait(false) is { } text
            ? JsonSerializer.Deserialize(text, JobsJsonContext.Default.SubmissionRecord)
            : null;

    private async Task FinishBatchAsync(BatchJobResult result, CancellationToken cancellationToken)
    {
        result.FinishedAt = _time.GetUtcNow();
        JobTelemetry.BatchFinished(result);
        var path = ResultPaths.Batch(result.JobId);
        if (await _store.TryCreateAsync(path, JsonSerializer.Serialize(result, JobsJsonContext.Default.BatchJobResult), cancellationToken).ConfigureAwait(false))
        {
            _options.OnFinished?.Invoke(new JobFinished("batch", result.JobId, result.Outcome, path));
        }
    }

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

    private async Task RejectAsync(string queue, string? id, string message, string reason, CancellationToken cancellationToken)
    {
        // Without a readable id, the text's hash names the record, so a redelivered copy lands on the same one.
        var name = id ?? Hash(message);
        var path = ResultPaths.Rejected(queue, name);
        JobTelemetry.Ended("rejected");
        var rejected = new RejectedMessage { Queue = queue, Id = name, Reason = reason, ReceivedAt = _time.GetUtcNow(), OriginalText = message };
        _log.Write(Release0LogLevel.Warning, $"rejected a message on {queue} ({name}): {reason}");
        if (await _store.TryCreateAsync(path, JsonSerializer.Serialize(rejected, JobsJsonContext.Default.RejectedMessage), cancellationToken).ConfigureAwait(false))
        {
            _options.OnFinished?.Invoke(new JobFinished("rejected", name, "rejected", path));
        }
    }

    private static string Hash(string text)
    {
        using var sha = SHA256.Create();
        var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
        return "sha256-" + string.Concat(bytes.Take(12).Select(b => b.ToString("x2")));
    }
}
