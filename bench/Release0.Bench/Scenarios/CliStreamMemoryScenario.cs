using System.Globalization;
using Release0.Bench.Reporting;
using Release0.Sandbox;

namespace Release0.Bench.Scenarios;

/// <summary>
/// Peak resident set of <c>release0 ask long-stream 100000000 --stream</c> (a 100 MB reply in 4 KiB chunks,
/// stdout discarded) as a user runs it, native and portable, against <c>curl -N</c> reading the same stream.
/// The sandbox stays in this process, so only the reader is measured.
/// </summary>
internal static class CliStreamMemoryScenario
{
    private const int Size = 100_000_000;

    public static async Task RunAsync(SandboxServer server, CliBuilds builds, ResultTable table)
    {
        var env = new Dictionary<string, string> { ["RELEASE0_BASE_URI"] = server.BaseUri.ToString(), ["RELEASE0_API_TOKEN"] = server.Token };
        string[] ask = ["ask", "long-stream", Size.ToString(CultureInfo.InvariantCulture), "--stream", "--quiet", "--timeout", "10m"];
        var curl = await ChildProcess.PeakRssAsync("curl", Curl.Ask(server, "long-stream", Size.ToString(CultureInfo.InvariantCulture), stream: true), env);
        var portable = await ChildProcess.PeakRssAsync(builds.Portable, ask, env);
        if (builds.Native is { } native)
        {
            var nativeRss = await ChildProcess.PeakRssAsync(native, ask, env);
            var held = await ChildProcess.PeakRssAsync(native, [.. ask, "--json"], env);
            table.Add(new BenchResult("ask --stream, 100 MB reply", "peak RSS, native", "MB", nativeRss, curl, "curl -N, same stream", nativeRss / curl, "native < 2x curl", nativeRss < 2 * curl));
            table.Add(new BenchResult("ask --stream, 100 MB reply", "peak RSS, native", "MB", nativeRss, portable, "portable build", nativeRss / portable, "report", null));
            table.Add(new BenchResult("ask --stream --json, 100 MB reply (held)", "peak RSS, native", "MB", held, curl, "curl -N, same stream", held / curl, "report", null));
        }

        table.Add(new BenchResult("ask --stream, 100 MB reply", "peak RSS, portable", "MB", portable, curl, "curl -N, same stream", portable / curl, "report", null));
    }
}
