using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Release0.Core.Connection;
using Release0.Core.Jobs;
using Release0.Sandbox;

namespace Release0.Bench.Functions;

/// <summary>
/// A Functions fleet behind one platform limit, in real time: N instances, each its own connection (and
/// so its own pace) running the real <see cref="JobWorkflow"/> with host.json's concurrency (batchSize 8 +
/// newBatchThreshold 4), take two-second batch jobs from one shared queue (<see cref="FleetQueue"/>:
/// visibility timeout, maxDequeueCount 5) and call the sandbox, whose token bucket of R calls/s answers
/// 429 with Retry-After. The instances share their pace through one pace blob (<see cref="CountingPaceStore"/>),
/// as the app's do; <c>alone</c> runs them each on its own pace, as before the blob.
/// Jobs per run: 15 x R (at least 30), so each run lasts about half a minute.
/// Prints a markdown table: throughput against R, refused share, poisoned, created twice, storage operations
/// per job (the pace blob's reads and writes included, and also shown on their own).
/// </summary>
internal static class FleetScenario
{
    private const int WorkersPerInstance = 8 + 4;

    /// <param name="only">Runs to make, as <c>NxR</c> (e.g. <c>16x20</c>); empty makes all nine.</param>
    /// <param name="shared">Whether the instances share their pace through the pace blob.</param>
    /// <param name="timeline">Whether to print, each second, the calls let through and refused and the shared pace (to see how a run unfolds).</param>
    public static async Task RunAsync(IReadOnlyCollection<string> only, bool shared, bool timeline)
    {
        Console.WriteLine("| Instances | Limit R | Jobs | Completed | Poisoned | Created twice | Refused | Throughput / R | Storage ops per job | of which pace blob | Wall |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var rate in new[] { 2, 20, 200 })
        {
            foreach (var instances in new[] { 1, 4, 16 })
            {
                if (only.Count == 0 || only.Contains($"{instances}x{rate}"))
                {
                    await RunAsync(instances, rate, shared, timeline);
                }
            }
        }
    }

    private static async Task RunAsync(int instances, int rate, bool shared, bool timeline)
    {
        var jobs = Math.Max(30, 15 * rate);
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { RateLimit = rate, MaxRetained = 100_000 });
        var queue = new FleetQueue();
        var store = new CountingResultStore();
        var pace = new CountingPaceStore();
        var completed = 0;
        var options = new JobWorkflowOptions { OnFinished = done => Interlocked.Add(ref completed, done.Outcome == "completed" ? 1 : 0) };
        for (var i = 1; i <= jobs; i++)
        {
            await queue.EnqueueAsync(JobQueues.BatchRequests, $$"""{"jobId":"fleet-{{i}}","agentId":"batch-after-2000","projectEnvId":"p","userProfileId":"u","messages":["job {{i}}"]}""", TimeSpan.Zero, CancellationToken.None);
        }

        var started = Stopwatch.GetTimestamp();
        var connections = Enumerable.Range(0, instances).Select(_ => new Release0Connection(new Release0ConnectionOptions { BaseUri = sandbox.BaseUri, ApiToken = sandbox.Token, FleetPaceStore = shared ? pace : null })).ToList();
        var workers = connections.SelectMany(connection =>
        {
            var workflow = new JobWorkflow(connection, queue, store, options);
            return Enumerable.Range(0, WorkersPerInstance).Select(_ => Task.Run(() => WorkAsync(queue, workflow)));
        }).ToList();
        using var stopTimeline = new CancellationTokenSource();
        var printing = timeline ? PrintTimelineAsync(sandbox, pace, stopTimeline.Token) : Task.CompletedTask;
        await Task.WhenAll(workers);
        stopTimeline.Cancel();
        await printing;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        connections.ForEach(c => c.Dispose());

        var limit = sandbox.RateLimit!;
        var refused = 100.0 * limit.Refused / (limit.Admitted + limit.Refused);
        var throughput = limit.Admitted / seconds / rate;
        var paceOps = (double)(pace.Reads + pace.Writes) / jobs;
        var storageOps = ((double)(queue.Operations + store.Reads + store.Writes) / jobs) + paceOps;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {instances} | {rate}/s | {jobs} | {completed} | {queue.Poisoned} | {sandbox.BatchSubmissions - completed} | {refused:0.0} % | {throughput:0.00} | {storageOps:0.0} | {paceOps:0.0} | {seconds:0} s |"));
    }

    /// <summary>Each second, to standard error: the calls let through and refused in that second, and the pace blob as it stands.</summary>
    private static async Task PrintTimelineAsync(SandboxServer sandbox, CountingPaceStore pace, CancellationToken cancellationToken)
    {
        var limit = sandbox.RateLimit!;
        long admitted = 0, refused = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        for (var second = 1; await NextTickAsync(timer, cancellationToken); second++)
        {
            long nowAdmitted = limit.Admitted, nowRefused = limit.Refused;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{second,4} s  admitted {nowAdmitted - admitted,4}  refused {nowRefused - refused,4}  {Shown(pace.Text)}"));
            (admitted, refused) = (nowAdmitted, nowRefused);
        }
    }

    /// <summary>The pace blob in a few words: the fleet's rate, its active instances, and whether it is paused.</summary>
    private static string Shown(string text)
    {
        if (text.Length == 0)
        {
            return "no pace blob yet";
        }

        var document = JsonNode.Parse(text)!;
        var rate = document["rate"]?.GetValue<double>() is { } value ? value.ToString("0.0", CultureInfo.InvariantCulture) : "none";
        return $"fleet rate {rate}, {document["instances"]!.AsObject().Count} instances{(document["pausedUntil"] is null ? string.Empty : ", paused")}";
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>One of an instance's queue workers: receive, handle, delete (or fail), until the queue is idle.</summary>
    private static async Task WorkAsync(FleetQueue queue, JobWorkflow workflow)
    {
        while (!queue.Idle)
        {
            if (queue.TryReceive() is not { } message)
            {
                // The host polls an empty queue again within maxPollingInterval (2 s); 100 ms keeps the fleet busy.
                await Task.Delay(100);
                continue;
            }

            try
            {
                await workflow.HandleAsync(message.Queue, message.Text, CancellationToken.None);
                queue.Delete();
            }
            catch (Exception)
            {
                queue.Fail(message);
            }
        }
    }
}
