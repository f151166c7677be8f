using System.Text.Json;
using Release0.Bench.Reporting;
using Release0.Core.Batches;

namespace Release0.Bench.Scenarios;

/// <summary>
/// The core's wait (BatchPoller with its default schedule) versus a fixed 5-second interval over a
/// seeded set of 1,000 job durations, log-uniform from 1 s to 30 min, on a simulated clock: each
/// delay the poller asks for passes at once, so the run takes seconds and is exact.
/// </summary>
internal static class PollingCostScenario
{
    private const int Jobs = 1000;
    private const int Seed = 20261121;

    public static async Task RunAsync(ResultTable table)
    {
        var random = new Random(Seed);
        var durations = Enumerable.Range(0, Jobs).Select(_ => TimeSpan.FromSeconds(Math.Exp(random.NextDouble() * Math.Log(1800)))).ToList();
        var adaptive = await SimulateAsync(durations, new BatchWaitOptions { Timeout = TimeSpan.FromHours(2) });
        var fixedFive = await SimulateAsync(durations, new BatchWaitOptions { Timeout = TimeSpan.FromHours(2), InitialInterval = TimeSpan.FromSeconds(5), MaxInterval = TimeSpan.FromSeconds(5), BackoffFactor = 1, Jitter = 0 });

        double adaptivePolls = adaptive.Sum(r => r.Polls), fixedPolls = fixedFive.Sum(r => r.Polls);
        table.Add(new BenchResult("polling cost (1,000 jobs, 1 s-30 min)", "total polls", "polls", adaptivePolls, fixedPolls, "fixed 5 s", adaptivePolls / fixedPolls, "< 0.25 of fixed", adaptivePolls / fixedPolls < 0.25));
        var relative = Stats.Median(adaptive.Select(r => r.Delay / r.Duration).ToList());
        var fixedRelative = Stats.Median(fixedFive.Select(r => r.Delay / r.Duration).ToList());
        table.Add(new BenchResult("polling cost (1,000 jobs, 1 s-30 min)", "median detection delay / job duration", "%", relative * 100, fixedRelative * 100, "fixed 5 s", relative / fixedRelative, "core < 10 %", relative < 0.10));
        table.Add(new BenchResult("polling cost (1,000 jobs, 1 s-30 min)", "median detection delay", "s", Stats.Median(adaptive.Select(r => r.Delay).ToList()), Stats.Median(fixedFive.Select(r => r.Delay).ToList()), "fixed 5 s", null, "report", null));
        table.Add(new BenchResult("polling cost (1,000 jobs, 1 s-30 min)", "most polls for one job", "polls", adaptive.Max(r => r.Polls), fixedFive.Max(r => r.Polls), "fixed 5 s", (double)adaptive.Max(r => r.Polls) / fixedFive.Max(r => r.Polls), "report", null));
    }

    private static async Task<List<(double Duration, double Delay, int Polls)>> SimulateAsync(IReadOnlyList<TimeSpan> durations, BatchWaitOptions options)
    {
        using var running = JsonDocument.Parse("""{"status":"running"}""");
        using var done = JsonDocument.Parse("""{"status":"completed","messages":[{"type":"","text":"ok"}]}""");
        var results = new List<(double, double, int)>(durations.Count);
        for (var i = 0; i < durations.Count; i++)
        {
            var clock = new SimulatedClock();
            var finishesAt = clock.GetUtcNow() + durations[i];
            var result = await BatchPoller.WaitAsync(
                $"job-{i}",
                _ => Task.FromResult(BatchStatusClassifier.Classify($"job-{i}", clock.GetUtcNow() >= finishesAt ? done.RootElement : running.RootElement)),
                options,
                clock,
                random: new Random(Seed + i));
            if (result.Outcome != BatchOutcome.Completed)
            {
                throw new InvalidOperationException($"Simulated job {i} ({durations[i]}) ended {result.Outcome}.");
            }

            results.Add((durations[i].TotalSeconds, (result.EndedAt - finishesAt).TotalSeconds, result.Polls));
        }

        return results;
    }
}
