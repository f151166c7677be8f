using System.Diagnostics;
using System.Globalization;
using Release0.Bench.Baselines;
using Release0.Bench.Reporting;
using Release0.Core.Connection;
using Release0.Core.Messages;
using Release0.Sandbox;

namespace Release0.Bench.Scenarios;

/// <summary>
/// Chunk delivery delay (the in-process sandbox stamps each chunk with the Stopwatch time of its
/// flush; the reader subtracts on arrival) and peak memory while streaming 50 MB without keeping
/// the text. Memory is measured in a child process that only reads the stream (this program with
/// "memory-probe"), so neither the sandbox nor earlier scenarios count.
/// </summary>
internal static class StreamingScenario
{
    private const int TimedChunks = 2000;
    private const long LongReply = 50L * 1024 * 1024;

    public static async Task RunAsync(SandboxServer server, ResultTable table)
    {
        var core = await CoreDelaysAsync(server.BaseUri, server.Token);
        var raw = await RawDelaysAsync(server.BaseUri, server.Token);
        table.Add(new BenchResult("streaming", "median chunk delay", "ms", Stats.Median(core), Stats.Median(raw), "raw SSE reader", Stats.Median(core) / Stats.Median(raw), "core < 1 ms", Stats.Median(core) < 1));
        table.Add(new BenchResult("streaming", "p99 chunk delay", "ms", Stats.Percentile(core, 99), Stats.Percentile(raw, 99), "raw SSE reader", Stats.Percentile(core, 99) / Stats.Percentile(raw, 99), "report", null));

        var coreMemory = await ProbeAsync(server, "core");
        var rawMemory = await ProbeAsync(server, "raw");
        table.Add(new BenchResult("streaming 50 MB, text not kept", "peak working set above idle", "MB", coreMemory.WorkingSet, rawMemory.WorkingSet, "raw SSE reader", coreMemory.WorkingSet / rawMemory.WorkingSet, "core < 10 MB", coreMemory.WorkingSet < 10));
        table.Add(new BenchResult("streaming 50 MB, text not kept", "peak managed heap above idle (uncollected garbage included)", "MB", coreMemory.Heap, rawMemory.Heap, "raw SSE reader", coreMemory.Heap / rawMemory.Heap, "report", null));
    }

    /// <summary>The child's side: warm up, note idle memory, stream 50 MB, print the peaks above idle.</summary>
    public static async Task<int> ProbeMainAsync(string mode, Uri baseUri, string token)
    {
        await ReadAsync(mode, baseUri, token, 1024 * 1024, null);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var heapIdle = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetIdle = process.WorkingSet64;
        long heapPeak = heapIdle, workingSetPeak = workingSetIdle, chunks = 0;
        var received = await ReadAsync(mode, baseUri, token, LongReply, () =>
        {
            if (++chunks % 128 == 0)
            {
                heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(false));
                process.Refresh();
                workingSetPeak = Math.Max(workingSetPeak, process.WorkingSet64);
            }
        });
        if (received < LongReply)
        {
            throw new InvalidOperationException($"Only {received} of {LongReply} characters arrived.");
        }

        const double mb = 1024 * 1024;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(heapPeak - heapIdle) / mb} {(workingSetPeak - workingSetIdle) / mb}"));
        return 0;
    }

    private static async Task<(double Heap, double WorkingSet)> ProbeAsync(SandboxServer server, string mode)
    {
        var start = new ProcessStartInfo("dotnet", [typeof(StreamingScenario).Assembly.Location, "memory-probe", mode, server.BaseUri.ToString(), server.Token]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var parts = output.Trim().Split(' ');
        if (process.ExitCode != 0 || parts.Length != 2)
        {
            throw new InvalidOperationException($"The memory probe ({mode}) failed: {output}");
        }

        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static async Task<long> ReadAsync(string mode, Uri baseUri, string token, long characters, Action? onChunk)
    {
        long received = 0;
        if (mode == "core")
        {
            using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = baseUri, ApiToken = token, Deadline = TimeSpan.FromMinutes(5) });
            await foreach (var chunk in new AgentMessageClient(connection).Stream("long-stream", characters.ToString(CultureInfo.InvariantCulture), options: new AgentStreamOptions { KeepText = false }))
            {
                received += chunk.Length;
                onChunk?.Invoke();
            }

            return received;
        }

        using var raw = new RawClient(baseUri, token);
        using var response = await raw.PostForStreamAsync("v1/api/chat/long-stream", $$"""{"message":"{{characters}}","stream":true}""");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        const string prefix = "data: {\"chunk\":\"";
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                received += line.Length - prefix.Length - 2;
                onChunk?.Invoke();
            }
        }

        return received;
    }

    private static async Task<List<double>> CoreDelaysAsync(Uri baseUri, string token)
    {
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = baseUri, ApiToken = token });
        var delays = new List<double>(TimedChunks);
        await foreach (var chunk in new AgentMessageClient(connection).Stream("timed-stream", TimedChunks.ToString(CultureInfo.InvariantCulture)))
        {
            delays.Add(Stopwatch.GetElapsedTime(long.Parse(chunk, CultureInfo.InvariantCulture)).TotalMilliseconds);
        }

        return delays;
    }

    private static async Task<List<double>> RawDelaysAsync(Uri baseUri, string token)
    {
        using var raw = new RawClient(baseUri, token);
        using var response = await raw.PostForStreamAsync("v1/api/chat/timed-stream", $$"""{"message":"{{TimedChunks}}","stream":true}""");
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var delays = new List<double>(TimedChunks);
        const string prefix = "data: {\"chunk\":\"";
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                var stamp = line[prefix.Length..line.IndexOf('"', prefix.Length)];
                delays.Add(Stopwatch.GetElapsedTime(long.Parse(stamp, CultureInfo.InvariantCulture)).TotalMilliseconds);
            }
        }

        return delays;
    }
}
