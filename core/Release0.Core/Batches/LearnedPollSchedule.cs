namespace Release0.Core.Batches;

/// <summary>
/// A poll schedule shaped by how long the same agent's earlier jobs took: sparse early, dense where
/// the job will most likely end, and the geometric schedule again once it runs past that.
/// </summary>
/// <remarks>
/// Batch durations of one agent spread roughly log-normally, so the history's logarithms give a
/// median and a spread (the sample's, widened for a small sample and never below a tenth). Polls are
/// placed at equally spaced quantiles of that distribution, 1/(n+1) ... n/(n+1): each gap then holds the
/// same share of the jobs, which makes gaps narrowest where jobs are most likely to end and is the
/// placement that minimises the expected delay relative to the job's length for a given number of
/// polls. Gaps are at least half the geometric schedule's first interval. Past the last learned
/// poll the job is overdue; intervals then grow geometrically from a fraction (BackoffFactor - 1) of the
/// time elapsed, capped at MaxInterval, as the plain schedule's do, so an agent that became much slower
/// costs a few extra polls rather than a long delay. The number of learned polls is
/// <see cref="BatchWaitOptions.LearnedPolls"/>; bench/README.md shows what each choice costs.
/// </remarks>
public sealed class LearnedPollSchedule
{
    /// <summary>Fewer earlier jobs than this say too little about the next one; the geometric schedule is used.</summary>
    public const int MinimumHistory = 3;

    private const double MinimumSpread = 0.1;

    private readonly double[] _pollSeconds;
    private readonly BatchWaitOptions _options;
    private readonly Random _random;
    private readonly double _minimumGap;

    private LearnedPollSchedule(double[] pollSeconds, double median, BatchWaitOptions options, Random random, double minimumGap)
    {
        _pollSeconds = pollSeconds;
        ExpectedDuration = TimeSpan.FromSeconds(median);
        _options = options;
        _random = random;
        _minimumGap = minimumGap;
    }

    /// <summary>The median of the learned distribution.</summary>
    public TimeSpan ExpectedDuration { get; }

    /// <summary>How many polls follow the learned distribution before the geometric fallback.</summary>
    public int LearnedPolls => _pollSeconds.Length;

    /// <summary>The schedule for a job like those in <paramref name="history"/>; null when it holds fewer than <see cref="MinimumHistory"/> positive durations.</summary>
    public static LearnedPollSchedule? From(IReadOnlyList<TimeSpan>? history, BatchWaitOptions options, Random? random = null)
    {
        var polls = options.LearnedPolls;
        var logs = (history ?? []).Where(d => d > TimeSpan.Zero).Select(d => Math.Log(d.TotalSeconds)).ToList();
        if (logs.Count < MinimumHistory)
        {
            return null;
        }

        var mean = logs.Average();
        var spread = Math.Sqrt(logs.Sum(x => (x - mean) * (x - mean)) / (logs.Count - 1));

        // The next job varies around a mean that is itself only estimated from the sample.
        var predictive = Math.Max(spread, MinimumSpread) * Math.Sqrt(1 + (1.0 / logs.Count));
        var minimumGap = options.InitialInterval.TotalSeconds / 2;
        var times = new double[polls];
        for (var k = 0; k < polls; k++)
        {
            var at = Math.Exp(mean + (predictive * NormalQuantile((k + 1.0) / (polls + 1))));
            times[k] = Math.Max(at, (k == 0 ? 0 : times[k - 1]) + minimumGap);
        }

        return new LearnedPollSchedule(times, Math.Exp(mean), options, random ?? new Random(), minimumGap);
    }

    /// <summary>The wait before poll number <paramref name="poll"/> (1 = the first, right after submission).</summary>
    public TimeSpan DelayBefore(int poll)
    {
        double gap;
        if (poll <= _pollSeconds.Length)
        {
            gap = _pollSeconds[poll - 1] - (poll == 1 ? 0 : _pollSeconds[poll - 2]);
        }
        else
        {
            var last = _pollSeconds[_pollSeconds.Length - 1];
            var factor = _options.BackoffFactor;
            var overdue = poll - _pollSeconds.Length;
            gap = Math.Max(Math.Min(last * (factor - 1) * Math.Pow(factor, overdue - 1), _options.MaxInterval.TotalSeconds), _minimumGap);
        }

        var jitter = 1 + (((_random.NextDouble() * 2) - 1) * _options.Jitter);
        return TimeSpan.FromSeconds(gap * jitter);
    }

    /// <summary>The standard normal quantile (Acklam's rational approximation, relative error below 1.2e-9).</summary>
    private static double NormalQuantile(double p)
    {
        const double low = 0.02425;
        if (p < low || p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p < low ? p : 1 - p));
            var tail = Polynomial(q, -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783)
                / Polynomial(q, 0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416, 1);
            return p < low ? tail : -tail;
        }

        var r = p - 0.5;
        var s = r * r;
        return r * Polynomial(s, -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690, -30.66479806614716, 2.506628277459239)
            / Polynomial(s, -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572, 1);
    }

    /// <summary>Horner's rule, highest power first.</summary>
    private static double Polynomial(double x, params double[] coefficients)
    {
        var sum = 0.0;
        foreach (var coefficient in coefficients)
        {
            sum = (sum * x) + coefficient;
        }

        return sum;
    }
}
