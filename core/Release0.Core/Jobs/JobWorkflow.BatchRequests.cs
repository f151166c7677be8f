using System.Text.Json;
using Release0.Core.Batches;
using Release0.Core.Diagnostics;
using Release0.Core.Http;
using Release0.Core.Jobs.Messages;
using Release0.Core.Jobs.Results;

namespace Release0.Core.Jobs;

/// <summary>Batch job requests (<c>release0-batch-requests</c>): claim, submit at most once, schedule the first poll.</summary>
public sealed partial class JobWorkflow
{
    public async Task HandleBatchRequestAsync(string message, CancellationToken cancellationToken)
    {
        using var step = JobTelemetry.StartStep(JobQueues.BatchRequests);
        if (await ParseOrRejectAsync(JobQueues.BatchRequests, message, BatchJobRequest.Parse, cancellationToken).ConfigureAwait(false) is not { } job)
        {
            return;
        }

        var resend = job.ResendUnknown || _options.ResendUnknown;
        var (finished, existing) = await FinishedAsync(ResultPaths.Batch(job.JobId), JobsJsonContext.Default.BatchJobResult, resend, $"batch job {job.JobId}", cancellationToken).ConfigureAwait(false);
        if (finished)
        {
            return;
        }

        if (await ReadSubmissionAsync(job.JobId, cancellationToken).ConfigureAwait(false) is { } submitted)
        {
            // Submitted before, but the first poll may never have been scheduled (the host died in between).
            _log.Write(Release0LogLevel.Verbose, $"batch job {job.JobId} was already submitted as {submitted.BatchJobId}; scheduling its poll again");
            await SchedulePollAsync(new PollTicket(job.JobId, submitted.BatchJobId, submitted.Request.UserProfileId, 1, submitted.Deadline, submitted.SubmittedAt, submitted.Request.AgentId), cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = _time.GetUtcNow();
        var deadline = job.Deadline ?? now + _options.DefaultTimeout;
        var request = BatchRequestDocument.From(job.Request);
        BatchJobResult NewResult(ClaimRecord claimed) => new() { JobId = job.JobId, Request = request, ReceivedAt = now, Deadline = deadline, ClaimedAt = claimed.ClaimedAt, Attempt = claimed.Attempt };
        var claim = await ClaimOrDecideAsync(BatchClaims, job.JobId, existing, JobQueues.BatchRequests, message, resend, "no batch job id was recorded", "jobId", async (held, error) =>
        {
            var unknown = NewResult(held);
            unknown.Outcome = "failed";
            unknown.Error = error;
            return await FinishBatchAsync(unknown, cancellationToken).ConfigureAwait(false);
        }, cancellationToken, job.ReleasedAttempt).ConfigureAwait(false);
        if (claim is null)
        {
            return;
        }

        var result = NewResult(claim.Record);

        // Only the claim's owner may say the job was never submitted.
        if (deadline <= now)
        {
            result.Outcome = "timedOut";
            result.Error = new JobError { Kind = "Deadline", Message = $"The deadline {deadline:O} had passed before the job could be submitted." };
            await FinishBatchAsync(result, cancellationToken).ConfigureAwait(false);
            return;
        }

        BatchSubmission submission;
        try
        {
            submission = await _batches.SubmitAsync(job.Request, cancellationToken).ConfigureAwait(false);
        }
        catch (NotSentCanceledException)
        {
            // Stopped (Ctrl+C, host shutdown) before the submit could reach the platform: the next delivery sends it.
            await _claims.ReleaseAsync(claim, "stopped before the submit was sent", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Release0ApiException ex) when (ex.Throttled)
        {
            var delay = _throttling.DelayFor(ex);
            if (_throttling.PastDeadline(delay, deadline))
            {
                result.Outcome = "timedOut";
                result.Error = JobThrottling.KeptRefusing(ex, deadline);
                await FinishBatchAsync(result, cancellationToken).ConfigureAwait(false);
                return;
            }

            await ComeBackThrottledAsync(claim, ex, JobQueues.BatchRequests, message, $"batch job {job.JobId}", deadline, delay, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not JobStoreException)
        {
            // An exception nothing classified is settled like an ambiguous failure (the platform may have acted), never left claimed.
            var (retry, error) = ex is Release0ApiException api
                ? (SubmitFailure.ShouldRetry(api, _options.SubmitPolicy), SubmitError(api))
                : (_options.SubmitPolicy == SubmitPolicy.AtLeastOnce, UnexpectedError(ex));
            if (retry)
            {
                await _claims.ReleaseAsync(claim, ex.Message, cancellationToken).ConfigureAwait(false);
                throw;
            }

            result.Outcome = "failed";
            result.Error = error;
            await FinishBatchAsync(result, cancellationToken).ConfigureAwait(false);
            return;
        }

        var record = new SubmissionRecord { JobId = job.JobId, BatchJobId = submission.BatchJobId, ReceivedAt = now, SubmittedAt = _time.GetUtcNow(), Deadline = deadline, Request = request, Attempt = claim.Record.Attempt };
        try
        {
            await _store.TryCreateAsync(ResultPaths.Submission(job.JobId), JsonSerializer.Serialize(record, JobsJsonContext.Default.SubmissionRecord), cancellationToken).ConfigureAwait(false);
        }
        catch (JobStoreException ex)
        {
            _log.Write(Release0LogLevel.Warning, $"batch job {job.JobId} was submitted as {submission.BatchJobId}, but its record could not be written ({ex.Message}). It is not sent again: it ends as outcome unknown when its claim's lease passes at {claim.Record.ClaimedAt + _options.ClaimLease:O}");
            throw;
        }

        await SchedulePollAsync(new PollTicket(job.JobId, record.BatchJobId, record.Request.UserProfileId, 1, record.Deadline, record.SubmittedAt, record.Request.AgentId), cancellationToken).ConfigureAwait(false);
    }
}
