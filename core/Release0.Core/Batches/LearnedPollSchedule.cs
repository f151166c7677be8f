namespace Release0.Core.Batches;

/// <summary>
/// A poll schedule shaped by how long the same agent's earlier jobs took: sparse early, dense where
/// the job will most likely end, and the geometric schedule again once it runs past that.
/// </summary>
/// <remarks>
/// Batch durations of one agent spread roughly log-normally, so the history's logarithms give a
/// median and a spread (the sample's, widened for a small sample and never below a tenth). A poll costs
/// one request for every job still running, so polls before the median are dear and polls after it
/// cheap; minimising expected relative delay plus expected polls gives log-scale gaps proportional to
/// sqrt(S / f) (S the share still running, f the density): wide early, narrowing towards and past the
/// likely end. The learned polls are placed that way between the 10th and 97.5th percentiles (a wider
/// span measured worse in bench/); gaps are at least half the geometric schedule's first interval.
/// Past the last learned poll the job is overdue; intervals then grow geometrically from a fraction (BackoffFactor - 1) of the
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
        var standard = Placement(polls);
        var times = new double[polls];
        for (var k = 0; k < polls; k++)
        {
            var at = Math.Exp(mean + (predictive * standard[k]));
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

    /// <summary>
    /// Where <paramref name="polls"/> polls go on the standard normal scale: with poll density
    /// proportional to sqrt(f / S), between the 10th and 97.5th percentiles (see the remarks above).
    /// </summary>
    private static double[] Placement(int polls)
    {
        const int steps = 512;
        const double from = -1.282, to = 1.96;
        var cumulative = new double[steps + 1];
        for (var i = 1; i <= steps; i++)
        {
            var z = from + ((to - from) * (i - 0.5) / steps);
            cumulative[i] = cumulative[i - 1] + Math.Sqrt(Density(z) / Survival(z));
        }

        var result = new double[polls];
        var step = 0;
        for (var k = 0; k < polls; k++)
        {
            var target = cumulative[steps] * (k + 0.5) / polls;
            while (cumulative[step + 1] < target)
            {
                step++;
            }

            var within = (target - cumulative[step]) / (cumulative[step + 1] - cumulative[step]);
            result[k] = from + ((to - from) * (step + within) / steps);
        }

        return result;
    }

    private static double Density(double z) => Math.Exp(-z * z / 2) / Math.Sqrt(2 * Math.PI);

    /// <summary>1 - the standard normal CDF (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7).</summary>
    private static double Survival(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2);
        var t = 1 / (1 + (0.3275911 * x));
        var erfc = Polynomial(t, 1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592, 0) * Math.Exp(-x * x);
        return z >= 0 ? erfc / 2 : 1 - (erfc / 2);
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
