using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Core.Text;
using Release0.PowerShell.Decisions;

namespace Release0.PowerShell.Hosting;

/// <summary>
/// Submits batch jobs as they are added (at most <c>throttleLimit</c> submits in flight: adding
/// waits for a slot, which holds back a pipeline that produces faster than jobs are created) and, when
/// asked to, waits for all of them together: each job polls on its own schedule, at most
/// <c>throttleLimit</c> polls are in flight, and every event is reported the moment it happens.
/// A submit or poll the platform still refuses for its rate limit after the connection's retries is
/// made again after the platform's wait, within the job's wait (issue 26: throttling is not failure).
/// </summary>
/// <remarks>
/// Jobs are waited for side by side because a wait is almost all pause: waiting one after another
/// made 500 one-second jobs take 500 seconds.
/// </remarks>
internal sealed class BatchJobRunner
{
    /// <summary>How long a submit refused for the rate limit is tried again when jobs are not waited for.</summary>
    private static readonly TimeSpan ThrottledSubmitLimit = TimeSpan.FromMinutes(5);

    private readonly BatchClient _client;
    private readonly SemaphoreSlim _submits;
    private readonly SemaphoreSlim _polls;
    private readonly Func<string?, BatchWaitOptions>? _waitOptions;
    private readonly TimeProvider _time;
    private readonly IBatchJobEvents _events;
    private readonly IRelease0WaitObserver? _waits;
    private readonly CancellationToken _cancellationToken;
    private readonly object _gate = new();
    private readonly List<Task> _tasks = [];
    private readonly Dictionary<RunnerJob, (DateTimeOffset Started, DateTimeOffset NextPoll)> _waiting = [];
    private int _waitedFor;
    private int _done;

    /// <param name="waitOptions">How to wait for a job of the given agent; null to submit only.</param>
    /// <param name="waits">Told of each wait for the rate limit the runner itself makes, as the connection tells of its own.</param>
    public BatchJobRunner(BatchClient client, int throttleLimit, Func<string?, BatchWaitOptions>? waitOptions, IBatchJobEvents events, CancellationToken cancellationToken, TimeProvider? time = null, IRelease0WaitObserver? waits = null)
    {
        _client = client;
        _submits = new SemaphoreSlim(throttleLimit);
        _polls = new SemaphoreSlim(throttleLimit);
        _waitOptions = waitOptions;
        _events = events;
        _waits = waits;
        _cancellationToken = cancellationToken;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Takes one of the <c>throttleLimit</c> submit slots without waiting; false when all are in use.
    /// A job with a plan is added only with a slot taken, which its submit gives back.
    /// </summary>
    public bool TryReserveSubmit() => _submits.Wait(0);

    /// <summary>Waits for a free submit slot and takes it.</summary>
    public Task ReserveSubmitAsync(CancellationToken cancellationToken) => _submits.WaitAsync(cancellationToken);

    /// <summary>Starts the job's work at once (submit unless it has an id, then wait if asked).</summary>
    public void Add(RunnerJob job)
    {
        lock (_gate)
        {
            _tasks.Add(Task.Run(() => RunAsync(job)));
        }
    }

    /// <summary>Ends when every job added so far is done; faults with cancellation on a stop.</summary>
    public Task Completion()
    {
        lock (_gate)
        {
            return Task.WhenAll(_tasks.ToArray());
        }
    }

    /// <summary>Where the waits stand now.</summary>
    public BatchWaitSnapshot Snapshot()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            // A job whose poll is due is being polled now; the next poll is the earliest still ahead.
            var ahead = _waiting.Values.Where(w => w.NextPoll > now).ToList();
            var next = ahead.Count == 0 ? (TimeSpan?)null : ahead.Min(w => w.NextPoll) - now;
            var slowest = _waiting.OrderBy(w => w.Value.Started).Select(w => (w.Key.BatchJobId, now - w.Value.Started)).FirstOrDefault();
            return new BatchWaitSnapshot(_waitedFor, _done, next, slowest.BatchJobId, slowest.Item2);
        }
    }

    private async Task RunAsync(RunnerJob job)
    {
        if (job.Plan is { } plan && !await SubmitAsync(job, plan).ConfigureAwait(false))
        {
            return;
        }

        if (_waitOptions is null)
        {
            return;
        }

        var options = _waitOptions(job.AgentId);
        var id = job.BatchJobId!;
        DateTimeOffset until;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _waiting[job] = (now, now);
            _waitedFor++;
            until = now + options.Timeout;
        }

        try
        {
            var result = await BatchPoller.WaitAsync(id, token => PollUntilAnsweredAsync(job, until, options.Timeout, token), options, _time, _ => _events.Progress(), null, _cancellationToken, wait => Scheduled(job, wait)).ConfigureAwait(false);
            Finish(job);
            _events.Finished(job, result);
        }
        catch (Exception ex) when (ex is Release0ApiException or Release0ConfigurationException or BatchWaitThrottledException)
        {
            Finish(job);
            _events.WaitFailed(job, ex);
        }
    }

    private async Task<bool> SubmitAsync(RunnerJob job, PlannedJob plan)
    {
        try
        {
            job.BatchJobId = (await SubmitUntilAcceptedAsync(plan.Request).ConfigureAwait(false)).BatchJobId;
        }
        catch (Exception ex) when (ex is Release0ApiException or Release0ConfigurationException)
        {
            _events.NotSubmitted(job, ex);
            return false;
        }
        finally
        {
            _submits.Release();
        }

        _events.Submitted(job);
        return true;
    }

    /// <summary>
    /// Throttling is not failure: a submit the platform still refused for its rate limit after the
    /// connection's retries created nothing, so it is sent again after the platform's wait, for as long
    /// as the job may wait (the wait's timeout with -Wait, else <see cref="ThrottledSubmitLimit"/>).
    /// </summary>
    private async Task<BatchSubmission> SubmitUntilAcceptedAsync(BatchRequest request)
    {
        var until = _time.GetUtcNow() + (_waitOptions?.Invoke(request.AgentId).Timeout ?? ThrottledSubmitLimit);
        while (true)
        {
            try
            {
                return await _client.SubmitAsync(request, _cancellationToken).ConfigureAwait(false);
            }
            catch (Release0ApiException ex) when (ex.Throttled)
            {
                if (!await WaitOutRefusalAsync(ex, ex.Operation, until, null, _cancellationToken).ConfigureAwait(false))
                {
                    throw;
                }
            }
        }
    }

    /// <summary>
    /// Throttling is not failure for a poll either: one still refused for the rate limit after the
    /// connection's retries says nothing about the job, so it is made again after the platform's wait,
    /// until the job's wait timeout. Only a refusal whose wait would outlast it ends the wait, with an
    /// error that says the platform kept refusing (a plain 429 would read as the job's failure).
    /// </summary>
    private async Task<BatchStatus> PollUntilAnsweredAsync(RunnerJob job, DateTimeOffset until, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var refused = 0;
        while (true)
        {
            try
            {
                return await PollAsync(job, cancellationToken).ConfigureAwait(false);
            }
            catch (Release0ApiException ex) when (ex.Throttled)
            {
                refused++;
                if (!await WaitOutRefusalAsync(ex, $"{ex.Operation} {job.BatchJobId}", until, job, cancellationToken).ConfigureAwait(false))
                {
                    throw new BatchWaitThrottledException(job.BatchJobId!, refused, timeout, ex);
                }
            }
        }
    }

    /// <summary>
    /// Waits the platform's delay (<see cref="Release0ApiException.ThrottledWait"/>) after a refusal, shown as a
    /// wait for the rate limit; false, without waiting, when the wait would end at or past <paramref name="until"/>.
    /// </summary>
    private async Task<bool> WaitOutRefusalAsync(Release0ApiException refusal, string operation, DateTimeOffset until, RunnerJob? polled, CancellationToken cancellationToken)
    {
        var delay = refusal.ThrottledWait;
        if (_time.GetUtcNow() + delay >= until)
        {
            return false;
        }

        var reason = refusal.StatusCode is { } status
            ? $"still refused for the platform's rate limit (HTTP {status}) after {Plural.Of(refusal.Attempts, "attempt")}"
            : "the call's deadline passed while it waited for the platform's rate limit";
        var wait = new Release0Wait(Release0WaitKind.Pace, operation, reason, delay);
        _waits?.Waiting(wait);
        if (polled is not null)
        {
            // The job's next poll is now this wait's end: the progress bar says so.
            Scheduled(polled, wait);
            _events.Progress();
        }

#if NET8_0_OR_GREATER
        await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
#else
        await _time.Delay(delay, cancellationToken).ConfigureAwait(false);
#endif
        return true;
    }

    private async Task<BatchStatus> PollAsync(RunnerJob job, CancellationToken cancellationToken)
    {
        await _polls.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _client.GetAsync(job.BatchJobId!, job.UserProfileId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _polls.Release();
        }
    }

    private void Scheduled(RunnerJob job, Release0Wait wait)
    {
        lock (_gate)
        {
            if (_waiting.TryGetValue(job, out var state))
            {
                _waiting[job] = (state.Started, _time.GetUtcNow() + wait.Delay);
            }
        }
    }

    private void Finish(RunnerJob job)
    {
        lock (_gate)
        {
            _waiting.Remove(job);
            _done++;
        }

        _events.Progress();
    }
}
