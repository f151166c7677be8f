using Release0.Bench.Functions;
using Release0.Bench.Micro;
using Release0.Bench.Reporting;
using Release0.Bench.Scenarios;
using Release0.Sandbox;

// dotnet run -c Release --project bench/Release0.Bench -- [all|native|overhead|throughput|streaming|startup|cli-stream|polling|functions|restarts|bulk|micro|call-path|polling-sweep] [--out DIR] [--native PATH]
if (args.FirstOrDefault() == "memory-probe")
{
    // The child process of the streaming memory measurement: memory-probe core|raw BASEURI TOKEN.
    return await StreamingScenario.ProbeMainAsync(args[1], new Uri(args[2]), args[3]);
}

// The scenario is the first argument that is neither an option nor the value of --out or --native.
var scenario = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--out" or "--native"))).FirstOrDefault() ?? "all";
var outIndex = Array.IndexOf(args, "--out");
var output = Path.GetFullPath(outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : Path.Combine("bench", "results"));
// "native": what the native CLI is judged by, in one run: call overhead, start-up and stream memory.
bool Wants(string name) => scenario == "all" || scenario == name || (scenario == "native" && name is "overhead" or "startup" or "cli-stream");

var table = new ResultTable();
var startedAt = DateTimeOffset.UtcNow;
await using (var server = await SandboxServer.StartAsync())
{
    if (Wants("overhead"))
    {
        Console.WriteLine("Call overhead...");
        await CallOverheadScenario.RunAsync(server, table);
    }

    if (Wants("throughput"))
    {
        Console.WriteLine("Throughput...");
        await ThroughputScenario.RunAsync(server, table);
    }

    if (Wants("streaming"))
    {
        Console.WriteLine("Streaming...");
        await StreamingScenario.RunAsync(server, table);
    }

    if (Wants("startup") || Wants("cli-stream"))
    {
        var builds = CliBuilds.Find(args);
        if (Wants("startup"))
        {
            Console.WriteLine("Startup...");
            await StartupScenario.RunAsync(server, builds, table);
        }

        if (Wants("cli-stream"))
        {
            Console.WriteLine("ask --stream of 100 MB, peak RSS...");
            await CliStreamMemoryScenario.RunAsync(server, builds, table);
        }
    }
}

if (scenario == "fleet")
{
    Console.WriteLine("Functions fleet behind one rate limit (real time, several minutes)...");
    await Release0.Bench.Functions.FleetScenario.RunAsync(args.Skip(1).Where(a => a.Contains('x')).ToList(), shared: !args.Contains("alone"), timeline: args.Contains("--timeline"));
    return 0;
}

if (scenario == "polling-sweep")
{
    Console.WriteLine("Learned polling, by number of learned polls...");
    await PollingCostScenario.SweepAsync();
    return 0;
}

if (Wants("polling"))
{
    Console.WriteLine("Polling cost...");
    await PollingCostScenario.RunAsync(table);
}

if (Wants("functions"))
{
    Console.WriteLine("Functions workflow cost...");
    await FunctionsCostScenario.RunAsync(table);
}

if (Wants("restarts"))
{
    Console.WriteLine("Functions instances restarting, shared or per-process history...");
    await RestartingInstancesScenario.RunAsync(table);
}

if (Wants("bulk"))
{
    Console.WriteLine("Bulk submission...");
    await BulkSubmissionScenario.RunAsync(table);
}

if (Wants("micro"))
{
    Console.WriteLine("Micro benchmarks...");
    MicroScenario.Run<ParsingBenchmarks>(table, Path.Combine(output, "BenchmarkDotNet"), "micro");
}

if (scenario == "call-path")
{
    Console.WriteLine("Call path, in memory...");
    MicroScenario.Run<CallPathBenchmarks>(table, Path.Combine(output, "BenchmarkDotNet"), "call path (in memory)");
}

table.Write(output, startedAt);
Console.WriteLine($"Results: {Path.Combine(output, "results.md")} and results.json");
return 0;
