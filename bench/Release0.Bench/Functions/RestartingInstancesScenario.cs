using Release0.Bench.Reporting;
using Release0.Bench.Scenarios;
using Release0.Core.Connection;
using Release0.Core.Jobs;

namespace Release0.Bench.Functions;

/// <summary>
/// The Functions-cost workload with instances that restart: the 1,000 measured jobs of the learned
/// polling workload arrive one every 30 s, and every N completed jobs the instance handling the queues
/// is replaced by a new one (the real <see cref="JobWorkflow"/>, fresh). With per-process history a new
/// instance knows nothing; with shared history it reads the history blob (a
/// <see cref="CountingPollHistoryStore"/>, seeded with the agents' earlier jobs as a running app's would
/// be) at its first poll of each agent. Polls and detection delay are counted per completed job.
/// </summary>
internal static class RestartingInstancesScenario
{
    private const string Scenario = "functions instances restarting every N jobs (1,000 jobs of 50 agents, one every 30 s)";

    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(ResultTable table)
    {
        var (earlier, measured) = PollingWorkload.PerAgent();
        foreach (var every in new[] { 10, 50, 250, measured.Count })
        {
            var store = new CountingPollHistoryStore();
            foreach (var job in earlier)
            {
                await store.RecordAsync(job.Agent, job.Duration, CancellationToken.None);
            }

            store.ResetCounts();
            var shared = await RunAsync(measured, every, store);
            var perProcess = await RunAsync(measured, every, null);
            var restarts = every == measured.Count ? "no restart" : $"restart every {every} jobs";
            table.Add(new BenchResult(Scenario, $"platform polls, {restarts}, shared history", "per job", shared.Polls, perProcess.Polls, "per-process history", shared.Polls / perProcess.Polls, "report", null));
            table.Add(new BenchResult(Scenario, $"median detection delay, {restarts}, shared history", "s", shared.MedianDelay, perProcess.MedianDelay, "per-process history", shared.MedianDelay / perProcess.MedianDelay, "report", null));
            table.Add(new BenchResult(Scenario, $"median delay / job duration, {restarts}, shared history", "%", shared.MedianRelativeDelay, perProcess.MedianRelativeDelay, "per-process history", shared.MedianRelativeDelay / perProcess.MedianRelativeDelay, "report", null));
            table.Add(new BenchResult(Scenario, $"history blob reads + writes, {restarts}, shared history", "per job", (double)(store.Reads + store.Writes) / measured.Count, null, null, null, "report", null));
        }
    }

    private static async Task<InstanceCost> RunAsync(IReadOnlyList<SimulatedJob> jobs, int every, CountingPollHistoryStore? store)
    {
        var clock = new DrivenClock();
        var start = clock.GetUtcNow();
        var platform = new SimulatedBatchPlatform(clock, job => jobs[FunctionsCostScenario.IndexOf(job)].Duration);
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = new Uri("https://release0.test/"), ApiToken = "bench-token" }, time: clock, handler: platform);
        var queue = new CountingJobQueue(clock);
        var results = new CountingResultStore();
        var delays = new List<double>();
        var relativeDelays = new List<double>();
        JobWorkflow? instance = null;

        void Finished(JobFinished finished)
        {
            if (finished.Outcome != "completed")
            {
                return;
            }

            var index = FunctionsCostScenario.IndexOf(finished.Id);
            var late = (clock.GetUtcNow() - (start + (Arrival * index) + jobs[index].Duration)).TotalSeconds;
            delays.Add(late);
            relativeDelays.Add(100 * late / jobs[index].Duration.TotalSeconds);
            if (delays.Count % every == 0)
            {
                instance = NewInstance();
            }
        }

        JobWorkflow NewInstance() => new(connection, queue, results, new JobWorkflowOptions { DefaultTimeout = TimeSpan.FromHours(4), PollHistoryStore = store, OnFinished = Finished });
        instance = NewInstance();
        for (var i = 0; i < jobs.Count; i++)
        {
            await queue.EnqueueAsync(JobQueues.BatchRequests, FunctionsCostScenario.Request(i, jobs[i].Agent), Arrival * i, CancellationToken.None);
        }

        await queue.DrainAsync((name, message) => instance.HandleAsync(name, message, CancellationToken.None));
        if (delays.Count != jobs.Count)
        {
            throw new InvalidOperationException($"Only {delays.Count} of {jobs.Count} simulated jobs completed.");
        }

        return new InstanceCost((double)platform.Polls / jobs.Count, Stats.Median(delays), Stats.Median(relativeDelays));
    }

    private sealed record InstanceCost(double Polls, double MedianDelay, double MedianRelativeDelay);
}
