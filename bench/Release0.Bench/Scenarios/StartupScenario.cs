using System.Diagnostics;
using System.Reflection;
using Release0.Bench.Reporting;
using Release0.Sandbox;

namespace Release0.Bench.Scenarios;

/// <summary>Wall time from process start to exit of <c>release0 --help</c> and <c>release0 ask</c>, against starting a trivial process.</summary>
internal static class StartupScenario
{
    private const int Runs = 15;

    public static async Task RunAsync(SandboxServer server, ResultTable table)
    {
        var folder = typeof(StartupScenario).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CliFolder").Value!;
        var apphost = Path.Combine(folder, OperatingSystem.IsWindows() ? "release0.exe" : "release0");
        var env = new Dictionary<string, string> { ["RELEASE0_BASE_URI"] = server.BaseUri.ToString(), ["RELEASE0_API_TOKEN"] = server.Token };
        var floor = await MedianAsync("true", [], env);
        var help = await MedianAsync(apphost, ["--help"], env);
        var ask = await MedianAsync(apphost, ["ask", "echo", "hello"], env);
        table.Add(new BenchResult("startup", "release0 --help", "ms", help, floor, "start of a trivial process", help / floor, "< 150 ms", help < 150));
        table.Add(new BenchResult("startup", "release0 ask (local sandbox)", "ms", ask, floor, "start of a trivial process", ask / floor, "report", null));
    }

    private static async Task<double> MedianAsync(string program, string[] args, Dictionary<string, string> env)
    {
        var times = new List<double>();
        for (var i = 0; i <= Runs; i++)
        {
            var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var (name, value) in env)
            {
                start.Environment[name] = value;
            }

            var started = Stopwatch.GetTimestamp();
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await Task.WhenAll(output, error);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {await error}");
            }

            // The first run fills the disk cache; it is not counted.
            if (i > 0)
            {
                times.Add(elapsed);
            }
        }

        return Stats.Median(times);
    }
}
