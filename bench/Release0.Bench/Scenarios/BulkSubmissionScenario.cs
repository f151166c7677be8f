using System.Diagnostics;
using Release0.Bench.Reporting;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Sandbox;

namespace Release0.Bench.Scenarios;

/// <summary>1,000 batch submissions against a sandbox adding 20 ms per request: the bounded-concurrency helper versus a sequential loop.</summary>
internal static class BulkSubmissionScenario
{
    private const int Submissions = 1000;
    private const int Concurrency = 64;

    public static async Task RunAsync(ResultTable table)
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { ResponseDelay = TimeSpan.FromMilliseconds(20) });
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = server.BaseUri, ApiToken = server.Token });
        var batches = new BatchClient(connection);
        var requests = Enumerable.Range(0, Submissions).Select(i => new BatchRequest { AgentId = "batch-echo", ProjectEnvId = "pe", UserProfileId = "up", Messages = [BatchMessage.FromText($"job {i}")] }).ToList();

        var started = Stopwatch.GetTimestamp();
        var sequentialIds = new List<string>();
        foreach (var request in requests)
        {
            sequentialIds.Add((await batches.SubmitAsync(request)).BatchJobId);
        }

        var sequential = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var afterSequential = server.BatchSubmissions;

        started = Stopwatch.GetTimestamp();
        var outcomes = await new BulkBatchSubmitter(batches).SubmitAllAsync(requests, Concurrency);
        var bulk = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var failed = outcomes.Count(o => !o.Succeeded);
        var distinct = outcomes.Where(o => o.Succeeded).Select(o => o.Submission!.BatchJobId).Distinct().Count();
        var accepted = server.BatchSubmissions - afterSequential;
        var clean = failed == 0 && distinct == Submissions && accepted == Submissions && sequentialIds.Distinct().Count() == Submissions;
        table.Add(new BenchResult($"bulk submission (1,000 x 20 ms, {Concurrency} at once)", "wall time", "s", bulk, sequential, "sequential loop", sequential / bulk, "sequential/bulk >= 20, none failed or duplicated", sequential / bulk >= 20 && clean));
        table.Add(new BenchResult($"bulk submission (1,000 x 20 ms, {Concurrency} at once)", "failed + duplicated submissions", "count", failed + (Submissions - distinct), null, null, null, $"0, with all {Submissions} accepted once (accepted: {accepted})", clean));
    }
}
