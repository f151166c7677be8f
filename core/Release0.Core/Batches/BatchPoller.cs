using Release0.Core.Diagnostics;
using Release0.Core.Http;
using Release0.Core.Text;
using Release0.Core.Timing;

namespace Release0.Core.Batches;

/// <summary>
/// Waits for a batch job by polling on the <see cref="BatchPollSchedule"/> until it completes,
/// fails or the timeout passes. Separate from HTTP so the schedule can be measured on a simulated clock.
/// </summary>
public static class BatchPoller
{
    /// <param name="poll">One poll; transient failures are already retried inside it.</param>
    /// <param name="onProgress">Called after every poll, on the waiting flow (never another thread's).</param>
    /// <param name="waits">Told before each interval, so a front end can show what is being waited for.</param>
    public static async Task<BatchWaitResult> WaitAsync(
        string batchJobId,
        Func<CancellationToken, Task<BatchStatus>> poll,
        BatchWaitOptions options,
        TimeProvider time,
        Action<BatchWaitProgress>? onProgress = null,
        Random? random = null,
        CancellationToken cancellationToken = default,
        Action<Release0Wait>? waits = null)
    {
        options.Validate();
        var schedule = new BatchPollSchedule(options, random);
        var started = time.GetUtcNow();
        using var telemetry = BatchWaitTelemetry.Start(batchJobId, started);
        var polls = 0;
        var previousPoll = TimeSpan.Zero;
        BatchStatus? last = null;
        while (true)
        {
            var elapsed = time.GetUtcNow() - started;
            var remaining = options.Timeout - elapsed;

            // The last wait is cut to the deadline, so a job finishing just before it is still seen.
            var delay = schedule.DelayBefore(polls + 1);
            delay = delay < remaining ? delay : remaining;
            waits?.Invoke(new Release0Wait(Release0WaitKind.Poll, $"batch {batchJobId}", last is null ? "submitted" : $"{last.StatusText ?? last.State.ToString().ToLowerInvariant()} after {Plural.Of(polls, "poll")}, {elapsed.TotalSeconds:0}s of {options.Timeout.TotalSeconds:0}s", delay));
            await TimeProviderDelay.Delay(time, delay, cancellationToken).ConfigureAwait(false);

            var status = await poll(cancellationToken).ConfigureAwait(false);
            last = status;
            polls++;
            var now = time.GetUtcNow();
            telemetry.Polled(status, now);
            onProgress?.Invoke(new BatchWaitProgress(batchJobId, now - started, polls, status, options.Timeout));
            var outcome = status.State switch
            {
                BatchState.Completed => BatchOutcome.Completed,
                BatchState.Failed => BatchOutcome.Failed,
                _ when now - started >= options.Timeout => BatchOutcome.TimedOut,
                _ => (BatchOutcome?)null,
            };
            if (outcome == BatchOutcome.Completed)
            {
                options.OnCompleted?.Invoke(TimeSpan.FromTicks(((now - started).Ticks + previousPoll.Ticks) / 2));
            }

            previousPoll = now - started;
            if (outcome is { } done)
            {
                return telemetry.Finished(new BatchWaitResult(done, status, polls, now - started, started, now));
            }
        }
    }
}
