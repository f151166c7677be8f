using System.Diagnostics;
using System.Text.Json;
using Release0.Bench.Reporting;
using Release0.Core.Chats;
using Release0.Core.Connection;
using Release0.Core.Messages;
using Release0.Sandbox;

namespace Release0.Bench.Scenarios;

/// <summary>
/// Median and p99 latency of start, continue and a slug message through the core versus a raw
/// HttpClient sending the same bytes, alternating call by call so both see the same conditions.
/// </summary>
internal static class CallOverheadScenario
{
    private const int Warmup = 300;
    private const int Samples = 3000;

    public static async Task RunAsync(SandboxServer server, ResultTable table)
    {
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = server.BaseUri, ApiToken = server.Token });
        using var raw = new RawClient(server.BaseUri, server.Token);
        var chats = new ChatClient(connection);
        var agents = new AgentMessageClient(connection);
        var coreSession = (await chats.StartAsync("echo")).SessionId;
        using var rawStart = JsonDocument.Parse(await raw.PostAsync("api/v1/agents/echo/start", """{"textBubbleContentFormat":"richText"}"""));
        var rawSession = rawStart.RootElement.GetProperty("sessionId").GetString();
        var hello = ChatReply.FromText("hello");

        await CompareAsync(table, "start chat",
            () => chats.StartAsync("echo"),
            () => raw.PostAsync("api/v1/agents/echo/start", """{"textBubbleContentFormat":"richText"}"""));
        await CompareAsync(table, "continue chat",
            () => chats.ContinueAsync(coreSession, hello),
            () => raw.PostAsync($"api/v1/sessions/{rawSession}/continue", """{"message":{"type":"text","text":"hello"},"textBubbleContentFormat":"richText"}"""));
        await CompareAsync(table, "slug message",
            () => agents.SendAsync("echo", "hello"),
            () => raw.PostAsync("v1/api/chat/echo", """{"message":"hello"}"""));
    }

    private static async Task CompareAsync<TCore, TRaw>(ResultTable table, string operation, Func<Task<TCore>> core, Func<Task<TRaw>> raw)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await core();
            await raw();
        }

        var coreTimes = new List<double>(Samples);
        var rawTimes = new List<double>(Samples);
        for (var i = 0; i < Samples; i++)
        {
            // Alternate which goes first so neither always follows the other.
            if (i % 2 == 0)
            {
                coreTimes.Add(await TimeAsync(core));
                rawTimes.Add(await TimeAsync(raw));
            }
            else
            {
                rawTimes.Add(await TimeAsync(raw));
                coreTimes.Add(await TimeAsync(core));
            }
        }

        Add(table, operation, "median latency", Stats.Median(coreTimes), Stats.Median(rawTimes), 1.05, "core/raw <= 1.05");
        Add(table, operation, "p99 latency", Stats.Percentile(coreTimes, 99), Stats.Percentile(rawTimes, 99), 1.10, "core/raw <= 1.10");
    }

    private static void Add(ResultTable table, string operation, string metric, double core, double raw, double limit, string goal) =>
        table.Add(new BenchResult($"call overhead: {operation}", metric, "ms", core, raw, "raw HttpClient", core / raw, goal, core / raw <= limit));

    private static async Task<double> TimeAsync<T>(Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }
}
