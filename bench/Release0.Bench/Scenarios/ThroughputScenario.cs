using System.Diagnostics;
using Release0.Bench.Baselines;
using Release0.Bench.Reporting;
using Release0.Core.Connection;
using Release0.Core.Messages;
using Release0.Sandbox;

namespace Release0.Bench.Scenarios;

/// <summary>
/// Requests per second of a slug message at 1, 8, 32 and 128 concurrent callers: the core, the
/// hand-written typed client and a raw HttpClient.
/// </summary>
internal static class ThroughputScenario
{
    private static readonly int[] Levels = [1, 8, 32, 128];
    private const int RequestsPerLevel = 6000;

    public static async Task RunAsync(SandboxServer server, ResultTable table)
    {
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = server.BaseUri, ApiToken = server.Token });
        using var typed = new TypedClient(server.BaseUri, server.Token);
        using var raw = new RawClient(server.BaseUri, server.Token);
        var agents = new AgentMessageClient(connection);
        Func<Task>[] clients =
        [
            () => agents.SendAsync("echo", "hello"),
            () => typed.SendAsync("echo", "hello"),
            () => raw.PostAsync("v1/api/chat/echo", """{"message":"hello"}"""),
        ];
        foreach (var client in clients)
        {
            await RateAsync(client, 8, 1000);
        }

        foreach (var callers in Levels)
        {
            // Measure each twice, interleaved, and keep the better run of each: noise only ever slows a run down.
            var rates = new double[clients.Length];
            for (var round = 0; round < 2; round++)
            {
                for (var k = 0; k < clients.Length; k++)
                {
                    rates[k] = Math.Max(rates[k], await RateAsync(clients[k], callers, RequestsPerLevel));
                }
            }

            var (core, typedRate, rawRate) = (rates[0], rates[1], rates[2]);
            table.Add(new BenchResult($"throughput: {callers} callers", "requests per second", "req/s", core, typedRate, Baseline.Typed, core / typedRate, "core/baseline >= 0.95", core / typedRate >= 0.95));
            table.Add(new BenchResult($"throughput: {callers} callers", "requests per second", "req/s", core, rawRate, Baseline.Raw, core / rawRate, "report", null));
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
