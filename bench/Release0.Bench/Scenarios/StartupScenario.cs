using Release0.Bench.Reporting;
using Release0.Sandbox;

namespace Release0.Bench.Scenarios;

/// <summary>
/// Wall time from process start to exit of <c>release0 --help</c> and <c>release0 ask</c>, native and
/// portable, against starting a trivial process and against curl sending the same ask.
/// </summary>
internal static class StartupScenario
{
    private const int Runs = 15;

    public static async Task RunAsync(SandboxServer server, CliBuilds builds, ResultTable table)
    {
        var env = new Dictionary<string, string> { ["RELEASE0_BASE_URI"] = server.BaseUri.ToString(), ["RELEASE0_API_TOKEN"] = server.Token };
        string[] ask = ["ask", "echo", "hello"];
        var floor = await MedianAsync("true", [], env);
        var curl = await MedianAsync("curl", Curl.Ask(server, "echo", "hello", stream: false), env);
        var help = await MedianAsync(builds.Portable, ["--help"], env);
        var asked = await MedianAsync(builds.Portable, ask, env);
        if (builds.Native is { } native)
        {
            var nativeHelp = await MedianAsync(native, ["--help"], env);
            var nativeAsk = await MedianAsync(native, ask, env);
            table.Add(new BenchResult("startup", "release0 --help, native", "ms", nativeHelp, help, "portable build", nativeHelp / help, "native < 20 ms", nativeHelp < 20));
            table.Add(new BenchResult("startup", "release0 --help, native", "ms", nativeHelp, floor, "start of a trivial process", nativeHelp / floor, "report", null));
            table.Add(new BenchResult("startup", "release0 ask (local sandbox), native", "ms", nativeAsk, asked, "portable build", nativeAsk / asked, "native < 40 ms", nativeAsk < 40));
            table.Add(new BenchResult("startup", "release0 ask (local sandbox), native", "ms", nativeAsk, curl, "curl, same request", nativeAsk / curl, "report", null));
        }

        table.Add(new BenchResult("startup", "release0 --help, portable", "ms", help, floor, "start of a trivial process", help / floor, "< 150 ms", help < 150));
        table.Add(new BenchResult("startup", "release0 ask (local sandbox), portable", "ms", asked, curl, "curl, same request", asked / curl, "report", null));
    }

    private static async Task<double> MedianAsync(string program, string[] args, Dictionary<string, string> env)
    {
        var times = new List<double>();
        for (var i = 0; i <= Runs; i++)
        {
            var elapsed = await ChildProcess.TimeAsync(program, args, env);

            // The first run fills the disk cache; it is not counted.
            if (i > 0)
            {
                times.Add(elapsed);
            }
        }

        return Stats.Median(times);
    }
}
