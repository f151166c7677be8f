using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Release0.Bench.Reporting;

namespace Release0.Bench.Micro;

/// <summary>Runs a BenchmarkDotNet suite in-process (a short job) and copies mean time and allocations into the table.</summary>
internal static class MicroScenario
{
    public static void Run<TBenchmarks>(ResultTable table, string artifacts, string prefix)
    {
        var job = Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(8);
        var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job).WithArtifactsPath(artifacts).WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summary = BenchmarkRunner.Run<TBenchmarks>(config);
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var meanMicroseconds = (report.ResultStatistics?.Mean ?? double.NaN) / 1000;
            var allocatedKb = (report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0) / 1024.0;
            table.Add(new BenchResult($"{prefix}: {name}", "mean time", "us", meanMicroseconds, null, null, null, "report", null));
            table.Add(new BenchResult($"{prefix}: {name}", "allocated per operation", "KB", allocatedKb, null, null, null, "report", null));
        }
    }
}
