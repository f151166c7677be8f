namespace Release0.Bench.Scenarios;

/// <summary>A batch job of the polling simulations: whose it is and how long it runs.</summary>
internal sealed record SimulatedJob(string Agent, TimeSpan Duration);

/// <summary>The seeded job sets of the polling scenarios (the same every run).</summary>
internal static class PollingWorkload
{
    public const int Seed = 20261121;
    public const int Agents = 50;
    public const int EarlierJobsPerAgent = 10;
    public const int MeasuredJobsPerAgent = 20;
    public const double Sigma = 0.5;

    /// <summary>1,000 unrelated jobs, log-uniform from 1 s to 30 min.</summary>
    public static IReadOnlyList<SimulatedJob> Unrelated()
    {
        var random = new Random(Seed);
        return Enumerable.Range(0, 1000).Select(_ => new SimulatedJob("any", TimeSpan.FromSeconds(Math.Exp(random.NextDouble() * Math.Log(1800))))).ToList();
    }

    /// <summary>
    /// Agents whose medians are log-uniform from 5 s to 20 min, each job log-normal around its agent's
    /// median (sigma 0.5); the earlier jobs (all of them, agent by agent) run before the measured ones,
    /// which are interleaved across agents as real traffic would be.
    /// </summary>
    public static (IReadOnlyList<SimulatedJob> Earlier, IReadOnlyList<SimulatedJob> Measured) PerAgent()
    {
        var random = new Random(Seed + 1);
        var medians = Enumerable.Range(0, Agents).Select(_ => Math.Exp(Math.Log(5) + (random.NextDouble() * Math.Log(1200.0 / 5)))).ToArray();
        SimulatedJob Job(int agent) => new($"agent-{agent}", TimeSpan.FromSeconds(medians[agent] * Math.Exp(Sigma * Gaussian(random))));
        var earlier = Enumerable.Range(0, Agents).SelectMany(a => Enumerable.Range(0, EarlierJobsPerAgent).Select(_ => Job(a))).ToList();
        var measured = Enumerable.Range(0, MeasuredJobsPerAgent).SelectMany(_ => Enumerable.Range(0, Agents).Select(Job)).ToList();
        return (earlier, measured);
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
