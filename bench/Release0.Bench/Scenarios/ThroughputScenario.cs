using System.Diagnostics;
using Release0.Bench.Reporting;
using Release0.Core.Connection;
using Release0.Core.Messages;
using Release0.Sandbox;

namespace Release0.Bench.Scenarios;

/// <summary>Requests per second of a slug message at 1, 8, 32 and 128 concurrent callers, core versus raw.</summary>
internal static class ThroughputScenario
{
    private static readonly int[] Levels = [1, 8, 32, 128];
    private const int RequestsPerLevel = 6000;

    public static async Task RunAsync(SandboxServer server, ResultTable table)
    {
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = server.BaseUri, ApiToken = server.Token });
        using var raw = new RawClient(server.BaseUri, server.Token);
        var agents = new AgentMessageClient(connection);
        Func<Task> core = () => agents.SendAsync("echo", "hello");
        Func<Task> baseline = () => raw.PostAsync("v1/api/chat/echo", """{"message":"hello"}""");
        await RateAsync(core, 8, 1000);
        await RateAsync(baseline, 8, 1000);

        foreach (var callers in Levels)
        {
            // Measure each twice, interleaved, and keep the better run of each: noise only ever slows a run down.
            var coreRate = Math.Max(await RateAsync(core, callers, RequestsPerLevel), 0);
            var rawRate = await RateAsync(baseline, callers, RequestsPerLevel);
            coreRate = Math.Max(coreRate, await RateAsync(core, callers, RequestsPerLevel));
            rawRate = Math.Max(rawRate, await RateAsync(baseline, callers, RequestsPerLevel));
            table.Add(new BenchResult($"throughput: {callers} callers", "requests per second", "req/s", coreRate, rawRate, "raw HttpClient", coreRate / rawRate, "core/raw >= 0.90", coreRate / rawRate >= 0.90));
        }
    }

    private static async Task<double> RateAsync(Func<Task> call, int callers, int total)
    {
        var perCaller = total / callers;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            for (var i = 0; i < perCaller; i++)
            {
                await call();
            }
        }));
        return perCaller * callers / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
