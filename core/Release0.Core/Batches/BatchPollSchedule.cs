namespace Release0.Core.Batches;

/// <summary>
/// When to poll a batch job next. Intervals grow geometrically from <see cref="BatchWaitOptions.InitialInterval"/>
/// by <see cref="BatchWaitOptions.BackoffFactor"/> up to <see cref="BatchWaitOptions.MaxInterval"/>, each
/// jittered by up to <see cref="BatchWaitOptions.Jitter"/> either way.
/// </summary>
/// <remarks>
/// Why geometric: with polls at t and r·t, a job finishing in between is noticed at most (r - 1)·t
/// late, so the delay stays a fixed fraction of the job's own length; for job lengths spread evenly
/// on a log scale (1 s to 30 min) the median relative delay is about √r - 1. r = 1.15 keeps that near
/// 7-10%, where a fixed interval is either wasteful for long jobs or slow for short ones. The count of
/// polls then grows with log(duration) instead of linearly, until the cap: past about cap/(r - 1) (10 min
/// with the defaults) polls come every 90 s, which bounds the worst-case delay for very long jobs and
/// keeps a forgotten job from being polled ever more rarely. The first poll at 2 s skips the sub-second
/// range where batch jobs (slow by design) rarely finish. Simulated over 1,000 log-uniform durations
/// (see bench/), this makes about a quarter of a fixed 5-second schedule's polls. Jitter spreads many
/// jobs started together so their polls do not arrive in lockstep. When the options carry enough
/// <see cref="BatchWaitOptions.History"/>, the <see cref="LearnedPollSchedule"/> is used instead.
/// </remarks>
public sealed class BatchPollSchedule
{
    private readonly BatchWaitOptions _options;
    private readonly Random _random;
    private readonly LearnedPollSchedule? _learned;

    public BatchPollSchedule(BatchWaitOptions options, Random? random = null)
        : this(options, options.History, random)
    {
    }

    /// <param name="history">Earlier durations of the job's agent, for callers that share one options object between agents.</param>
    public BatchPollSchedule(BatchWaitOptions options, IReadOnlyList<TimeSpan>? history, Random? random = null)
    {
        _options = options;
        _random = random ?? new Random();
        _learned = LearnedPollSchedule.From(history, options, _random);
    }

    /// <summary>The wait before poll number <paramref name="poll"/> (1 = the first, right after submission).</summary>
    public TimeSpan DelayBefore(int poll)
    {
        if (_learned is not null)
        {
            return _learned.DelayBefore(poll);
        }

        var baseSeconds = _options.InitialInterval.TotalSeconds * Math.Pow(_options.BackoffFactor, Math.Max(0, poll - 1));
        var capped = Math.Min(baseSeconds, _options.MaxInterval.TotalSeconds);
        var jitter = 1 + (((_random.NextDouble() * 2) - 1) * _options.Jitter);
        return TimeSpan.FromSeconds(capped * jitter);
    }
}
