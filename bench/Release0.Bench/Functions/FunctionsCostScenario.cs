using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Release0.Bench.Reporting;
using Release0.Bench.Scenarios;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Core.Jobs;

namespace Release0.Bench.Functions;

/// <summary>
/// What the Functions workflow costs per completed batch job: queue messages sent, received and
/// deleted, result-store (blob) reads and writes, and platform calls, counted through the ports
/// for 1,000 jobs of the learned polling workload. The real <see cref="JobWorkflow"/> (today's: one
/// create-once submission record per job, no claim) runs on a driven clock against a simulated batch platform, with the learned schedule (each agent's earlier
/// durations), the default geometric schedule and a fixed 5 s interval.
/// </summary>
internal static class FunctionsCostScenario
{
    private const string Scenario = "functions workflow per completed job (1,000 jobs of 50 agents)";

    public static async Task RunAsync(ResultTable table)
    {
        var (earlier, measured) = PollingWorkload.PerAgent();
        var history = new PollHistory();
        foreach (var job in earlier)
        {
            history.Record(job.Agent, job.Duration);
        }

        var learned = await RunAsync(measured, agent => new BatchWaitOptions { History = history.DurationsOf(agent) });
        var geometric = await RunAsync(measured, _ => new BatchWaitOptions());
        var fixedFive = await RunAsync(measured, _ => new BatchWaitOptions { InitialInterval = TimeSpan.FromSeconds(5), MaxInterval = TimeSpan.FromSeconds(5), BackoffFactor = 1, Jitter = 0 });

        foreach (var (metric, core, baseline) in new[]
        {
            ("queue messages sent", learned.Sent, fixedFive.Sent),
            ("queue messages received", learned.Received, fixedFive.Received),
            ("queue messages deleted", learned.Deleted, fixedFive.Deleted),
            ("blob reads", learned.Reads, fixedFive.Reads),
            ("blob writes", learned.Writes, fixedFive.Writes),
            ("platform calls", learned.PlatformCalls, fixedFive.PlatformCalls),
        })
        {
            table.Add(new BenchResult(Scenario, $"{metric}, learned schedule", "per job", core, baseline, "fixed 5 s", core / baseline, "report", null));
        }

        table.Add(new BenchResult(Scenario, "platform calls, default schedule without history", "per job", geometric.PlatformCalls, fixedFive.PlatformCalls, "fixed 5 s", geometric.PlatformCalls / fixedFive.PlatformCalls, "report", null));
        table.Add(new BenchResult(Scenario, "all operations (queue + blob + platform), learned schedule", "per job", learned.Total, fixedFive.Total, "fixed 5 s", learned.Total / fixedFive.Total, "report", null));
    }

    private static async Task<WorkflowCost> RunAsync(IReadOnlyList<SimulatedJob> jobs, Func<string, BatchWaitOptions> schedule)
    {
        var clock = new DrivenClock();
        var platform = new SimulatedBatchPlatform(clock, job => jobs[IndexOf(job)].Duration);
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = new Uri("https://release0.test/"), ApiToken = "bench-token" }, time: clock, handler: platform);
        var queue = new CountingJobQueue(clock);
        var store = new CountingResultStore();
        var completed = 0;

        // Today's workflow holds one schedule, so each agent gets its own workflow (over the same ports) with that agent's history.
        var workflows = jobs.Select(j => j.Agent).Distinct().ToDictionary(
            agent => agent,
            agent => new JobWorkflow(connection, queue, store, new JobWorkflowOptions
            {
                DefaultTimeout = TimeSpan.FromHours(4),
                PollSchedule = schedule(agent),
                OnFinished = f => completed += f.Outcome == "completed" ? 1 : 0,
            }));
        for (var i = 0; i < jobs.Count; i++)
        {
            await queue.EnqueueAsync(JobQueues.BatchRequests, Request(i, jobs[i].Agent), TimeSpan.Zero, CancellationToken.None);
        }

        await queue.DrainAsync((name, message) =>
        {
            using var document = JsonDocument.Parse(message);
            return workflows[jobs[IndexOf(document.RootElement.GetProperty("jobId").GetString()!)].Agent].HandleAsync(name, message, CancellationToken.None);
        });
        if (completed != jobs.Count)
        {
            throw new InvalidOperationException($"Only {completed} of {jobs.Count} simulated jobs completed.");
        }

        return new WorkflowCost(
            (double)queue.Sent / completed,
            (double)queue.Received / completed,
            (double)queue.Deleted / completed,
            (double)store.Reads / completed,
            (double)store.Writes / completed,
            (double)(platform.Submits + platform.Polls) / completed);
    }

    /// <summary>The job's place in the workload, from its id (<c>job-N</c>).</summary>
    internal static int IndexOf(string jobId) => int.Parse(jobId["job-".Length..], CultureInfo.InvariantCulture);

    /// <summary>The batch request of the workload's job number <paramref name="index"/> (its text names it, for the simulated platform).</summary>
    internal static string Request(int index, string agent) =>
        new JsonObject { ["jobId"] = $"job-{index}", ["agentId"] = agent, ["projectEnvId"] = "pe_bench", ["userProfileId"] = "up_bench", ["messages"] = new JsonArray($"job-{index}") }.ToJsonString();

    private sealed record WorkflowCost(double Sent, double Received, double Deleted, double Reads, double Writes, double PlatformCalls)
    {
        public double Total => Sent + Received + Deleted + Reads + Writes + PlatformCalls;
    }
}
