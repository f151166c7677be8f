using System.Text.Json;
using Release0.Bench.Reporting;
using Release0.Core.Batches;

namespace Release0.Bench.Scenarios;

/// <summary>
/// The core's wait (the real BatchPoller) versus a fixed 5-second interval on a simulated clock: each
/// delay the poller asks for passes at once, so the run takes seconds and is exact. Two workloads:
/// 1,000 unrelated jobs, log-uniform from 1 s to 30 min, with no history (the default geometric
/// schedule); and <see cref="PollingWorkload.Agents"/> agents whose jobs are log-normal around each
/// agent's own median, where the schedule has learned from that agent's earlier jobs.
/// </summary>
internal static class PollingCostScenario
{
    private const string Unrelated = "polling cost (1,000 jobs, 1 s-30 min, no history)";
    private const string Learned = "polling cost (1,000 jobs of 50 agents, learned)";

    public static async Task RunAsync(ResultTable table)
    {
        var fixedFive = FixedFive();

        var jobs = PollingWorkload.Unrelated();
        var adaptive = await SimulateAsync(jobs, _ => new BatchWaitOptions { Timeout = TimeSpan.FromHours(2) });
        var fixedRun = await SimulateAsync(jobs, _ => fixedFive);
        Report(table, Unrelated, adaptive, fixedRun, pollGoal: 0.25, delayGoal: 0.10);

        var learned = await RunLearnedAsync(LearnedPollSchedulePolls);
        var agentJobs = PollingWorkload.PerAgent().Measured;
        var agentFixed = await SimulateAsync(agentJobs, _ => fixedFive);
        var agentDefault = await SimulateAsync(agentJobs, _ => new BatchWaitOptions { Timeout = TimeSpan.FromHours(2) });
        Report(table, Learned, learned, agentFixed, pollGoal: 0.15, delayGoal: 0.05);
        var polls = (double)agentDefault.Sum(r => r.Polls);
        var fixedPolls = (double)agentFixed.Sum(r => r.Polls);
        table.Add(new BenchResult(Learned, "total polls, default schedule without history", "polls", polls, fixedPolls, "fixed 5 s", polls / fixedPolls, "report", null));
        var relative = Stats.Median(agentDefault.Select(r => r.Delay / r.Duration).ToList());
        table.Add(new BenchResult(Learned, "median detection delay / job duration, default schedule without history", "%", relative * 100, null, null, null, "report", null));
    }

    /// <summary>The learned polls per job the default options use; <see cref="SweepAsync"/> shows the others.</summary>
    private static int LearnedPollSchedulePolls => new BatchWaitOptions().LearnedPolls;

    /// <summary>The trade-off of the learned workload for each number of learned polls (prints only).</summary>
    public static async Task SweepAsync()
    {
        var fixedPolls = (double)(await SimulateAsync(PollingWorkload.PerAgent().Measured, _ => FixedFive())).Sum(r => r.Polls);
        foreach (var learnedPolls in new[] { 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20 })
        {
            var runs = await RunLearnedAsync(learnedPolls);
            var relative = Stats.Median(runs.Select(r => r.Delay / r.Duration).ToList());
            var mean = runs.Average(r => r.Delay / r.Duration);
            Console.WriteLine($"  {learnedPolls,2} learned polls: {runs.Sum(r => r.Polls) / fixedPolls * 100,5:0.0} % of fixed polls, median delay {relative * 100,4:0.0} %, mean delay {mean * 100,5:0.0} % of the job");
        }
    }

    /// <summary>
    /// Each agent's earlier jobs complete first, recorded the way a front end records them (the
    /// poller's estimate of the completed duration); then the measured jobs run with that history and
    /// keep adding to it.
    /// </summary>
    private static async Task<List<PollRun>> RunLearnedAsync(int learnedPolls)
    {
        var workload = PollingWorkload.PerAgent();
        var history = new PollHistory();
        BatchWaitOptions ForAgent(SimulatedJob job) => new()
        {
            Timeout = TimeSpan.FromHours(2),
            LearnedPolls = learnedPolls,
            History = history.DurationsOf(job.Agent),
            OnCompleted = d => history.Record(job.Agent, d),
        };

        await SimulateAsync(workload.Earlier, ForAgent);
        return await SimulateAsync(workload.Measured, ForAgent);
    }

    private static BatchWaitOptions FixedFive() => new()
    {
        Timeout = TimeSpan.FromHours(2),
        InitialInterval = TimeSpan.FromSeconds(5),
        MaxInterval = TimeSpan.FromSeconds(5),
        BackoffFactor = 1,
        Jitter = 0,
    };

    private static void Report(ResultTable table, string scenario, List<PollRun> core, List<PollRun> fixedFive, double pollGoal, double delayGoal)
    {
        double corePolls = core.Sum(r => r.Polls), fixedPolls = fixedFive.Sum(r => r.Polls);
        table.Add(new BenchResult(scenario, "total polls", "polls", corePolls, fixedPolls, "fixed 5 s", corePolls / fixedPolls, $"< {pollGoal:0.##} of fixed", corePolls / fixedPolls < pollGoal));
        var relative = Stats.Median(core.Select(r => r.Delay / r.Duration).ToList());
        var fixedRelative = Stats.Median(fixedFive.Select(r => r.Delay / r.Duration).ToList());
        table.Add(new BenchResult(scenario, "median detection delay / job duration", "%", relative * 100, fixedRelative * 100, "fixed 5 s", relative / fixedRelative, $"core < {delayGoal * 100:0} %", relative < delayGoal));
        table.Add(new BenchResult(scenario, "median detection delay", "s", Stats.Median(core.Select(r => r.Delay).ToList()), Stats.Median(fixedFive.Select(r => r.Delay).ToList()), "fixed 5 s", null, "report", null));
        table.Add(new BenchResult(scenario, "most polls for one job", "polls", core.Max(r => r.Polls), fixedFive.Max(r => r.Polls), "fixed 5 s", (double)core.Max(r => r.Polls) / fixedFive.Max(r => r.Polls), "report", null));
    }

    /// <summary>Waits for each job in turn through the real poller, each on its own simulated clock.</summary>
    private static async Task<List<PollRun>> SimulateAsync(IReadOnlyList<SimulatedJob> jobs, Func<SimulatedJob, BatchWaitOptions> options)
    {
        using var running = JsonDocument.Parse("""{"status":"running"}""");
        using var done = JsonDocument.Parse("""{"status":"completed","messages":[{"type":"","text":"ok"}]}""");
        var results = new List<PollRun>(jobs.Count);
        for (var i = 0; i < jobs.Count; i++)
        {
            var clock = new SimulatedClock();
            var finishesAt = clock.GetUtcNow() + jobs[i].Duration;
            var id = $"job-{i}";
            var result = await BatchPoller.WaitAsync(
                id,
                _ => Task.FromResult(BatchStatusClassifier.Classify(id, clock.GetUtcNow() >= finishesAt ? done.RootElement : running.RootElement)),
                options(jobs[i]),
                clock,
                random: new Random(PollingWorkload.Seed + i));
            if (result.Outcome != BatchOutcome.Completed)
            {
                throw new InvalidOperationException($"Simulated job {i} ({jobs[i].Duration}) ended {result.Outcome}.");
            }

            results.Add(new PollRun(jobs[i].Duration.TotalSeconds, (result.EndedAt - finishesAt).TotalSeconds, result.Polls));
        }

        return results;
    }
}

/// <summary>One simulated wait: how long the job took, how late its end was noticed, and the polls it cost.</summary>
internal sealed record PollRun(double Duration, double Delay, int Polls);
