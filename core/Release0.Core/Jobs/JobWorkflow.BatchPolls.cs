using Release0.Core.Batches;
using Release0.Core.Diagnostics;
using Release0.Core.Http;
using Release0.Core.Jobs.Messages;
using Release0.Core.Jobs.Results;

namespace Release0.Core.Jobs;

/// <summary>Poll tickets (<c>release0-batch-polls</c>): poll, then poll again later or write the result.</summary>
public sealed partial class JobWorkflow
{
    public async Task HandleBatchPollAsync(string message, CancellationToken cancellationToken)
    {
        using var step = JobTelemetry.StartStep(JobQueues.BatchPolls);
        if (await ParseOrRejectAsync(JobQueues.BatchPolls, message, PollTicket.Parse, cancellationToken).ConfigureAwait(false) is not { } ticket)
        {
            return;
        }

        // An unknown outcome may be replaced by what the platform says about this submission.
        if (await ReadResultAsync(ResultPaths.Batch(ticket.JobId), JobsJsonContext.Default.BatchJobResult, cancellationToken).ConfigureAwait(false) is { } ended && !ended.IsOutcomeUnknown())
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
            Attempt = record?.Attempt,
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
        catch (Release0ApiException ex) when (ex.Throttled)
        {
            // The same poll comes back after the platform's wait; its attempt count is unchanged, as no answer came.
            var delay = _throttling.DelayFor(ex);
            if (_throttling.PastDeadline(delay, ticket.Deadline))
            {
                result.Outcome = "timedOut";
                result.Error = JobThrottling.KeptRefusing(ex, ticket.Deadline);
                await FinishBatchAsync(result, cancellationToken).ConfigureAwait(false);
                return;
            }

            await _throttling.ComeBackAsync(JobQueues.BatchPolls, message, $"batch {ticket.BatchJobId} (job {ticket.JobId})", delay, cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = _time.GetUtcNow();
        if (status.State == BatchState.Completed && ticket.AgentId is { } agent)
        {
            // It finished during the last interval: count from submission to that interval's middle.
            var interval = (await ScheduleForAsync(ticket).ConfigureAwait(false)).DelayBefore(ticket.Attempt);
            var took = now - ticket.SubmittedAt - TimeSpan.FromTicks(interval.Ticks / 2);
            if (took > TimeSpan.Zero)
            {
                await _history.RecordAsync(agent, took, cancellationToken).ConfigureAwait(false);
            }
        }

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
}
