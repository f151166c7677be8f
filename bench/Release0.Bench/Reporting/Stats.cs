namespace Release0.Bench.Reporting;

/// <summary>Order statistics over measured samples.</summary>
internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> samples, double percentile)
    {
        var sorted = samples.OrderBy(x => x).ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = percentile / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    public static double Median(IReadOnlyList<double> samples) => Percentile(samples, 50);
}
