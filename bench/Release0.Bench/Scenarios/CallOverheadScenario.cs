using System.Diagnostics;
using System.Text.Json;
using Release0.Bench.Baselines;
using Release0.Bench.Reporting;
using Release0.Core.Chats;
using Release0.Core.Connection;
using Release0.Core.Messages;
using Release0.Sandbox;

namespace Release0.Bench.Scenarios;

/// <summary>
/// Median and p99 latency of start, continue and a slug message through the core, a hand-written
/// typed client (System.Text.Json source generation) and a raw HttpClient sending the same bytes,
/// taking turns call by call (in rotating order) so all three see the same conditions.
/// </summary>
internal static class CallOverheadScenario
{
    /// <summary>
    /// Warm-up until the JIT has finished optimising both sides: on 2 cores, 300 rounds left most of the
    /// call path in unoptimised code, so the ratios measured how much code each side runs before tier-up.
    /// </summary>
    private const int Warmup = 300;
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(3);
    private const int Samples = 3000;

    public static async Task RunAsync(SandboxServer server, ResultTable table)
    {
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = server.BaseUri, ApiToken = server.Token });
        using var typed = new TypedClient(server.BaseUri, server.Token);
        using var raw = new RawClient(server.BaseUri, server.Token);
        var chats = new ChatClient(connection);
        var agents = new AgentMessageClient(connection);
        await CompareAsync(table, "start chat",
            () => chats.StartAsync("echo"),
            () => typed.StartAsync("echo"),
            () => raw.PostAsync("api/v1/agents/echo/start", """{"textBubbleContentFormat":"richText"}"""));

        // Started after the start-chat runs, whose sessions would otherwise push these out of the sandbox's memory.
        var coreSession = (await chats.StartAsync("echo")).SessionId;
        var typedSession = (await typed.StartAsync("echo")).SessionId!;
        using var rawStart = JsonDocument.Parse(await raw.PostAsync("api/v1/agents/echo/start", """{"textBubbleContentFormat":"richText"}"""));
        var rawSession = rawStart.RootElement.GetProperty("sessionId").GetString();
        var hello = ChatReply.FromText("hello");
        await CompareAsync(table, "continue chat",
            () => chats.ContinueAsync(coreSession, hello),
            () => typed.ContinueAsync(typedSession, "hello"),
            () => raw.PostAsync($"api/v1/sessions/{rawSession}/continue", """{"message":{"type":"text","text":"hello"},"textBubbleContentFormat":"richText"}"""));
        await CompareAsync(table, "slug message",
            () => agents.SendAsync("echo", "hello"),
            () => typed.SendAsync("echo", "hello"),
            () => raw.PostAsync("v1/api/chat/echo", """{"message":"hello"}"""));
    }

    private static async Task CompareAsync<TCore, TTyped, TRaw>(ResultTable table, string operation, Func<Task<TCore>> core, Func<Task<TTyped>> typed, Func<Task<TRaw>> raw)
    {
        Func<Task<double>>[] timed = [() => TimeAsync(core), () => TimeAsync(typed), () => TimeAsync(raw)];
        var warming = Stopwatch.StartNew();
        for (var i = 0; i < Warmup || warming.Elapsed < WarmupTime; i++)
        {
            foreach (var call in timed)
            {
                await call();
            }
        }

        var times = new[] { new List<double>(Samples), new List<double>(Samples), new List<double>(Samples) };
        for (var i = 0; i < Samples; i++)
        {
            // Rotate which goes first so none always follows another.
            for (var k = 0; k < 3; k++)
            {
                var which = (i + k) % 3;
                times[which].Add(await timed[which]());
            }
        }

        var (coreTimes, typedTimes, rawTimes) = (times[0], times[1], times[2]);
        Add(table, operation, "median latency", Stats.Median(coreTimes), Stats.Median(typedTimes), Baseline.Typed, 1.05);
        Add(table, operation, "p99 latency", Stats.Percentile(coreTimes, 99), Stats.Percentile(typedTimes, 99), Baseline.Typed, 1.10);
        Add(table, operation, "median latency", Stats.Median(coreTimes), Stats.Median(rawTimes), Baseline.Raw, null);
        Add(table, operation, "p99 latency", Stats.Percentile(coreTimes, 99), Stats.Percentile(rawTimes, 99), Baseline.Raw, null);
    }

    private static void Add(ResultTable table, string operation, string metric, double core, double baseline, string baselineName, double? limit) =>
        table.Add(new BenchResult($"call overhead: {operation}", metric, "ms", core, baseline, baselineName, core / baseline,
            limit is { } l ? $"core/baseline <= {l:0.00}" : "report", limit is { } max ? core / baseline <= max : null));

    private static async Task<double> TimeAsync<T>(Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
