using System.Diagnostics;
using System.Globalization;

namespace Release0.Bench.Scenarios;

/// <summary>One run of another program, as a shell runs it: wall time, and peak resident set through GNU time.</summary>
internal static class ChildProcess
{
    /// <summary>Wall time in milliseconds from start to exit; output is read and discarded.</summary>
    public static async Task<double> TimeAsync(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env)
    {
        var started = Stopwatch.GetTimestamp();
        await RunAsync(program, args, env);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    /// <summary>Peak resident set of the program in MB, as <c>/usr/bin/time -f %M</c> reports it.</summary>
    public static async Task<double> PeakRssAsync(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env)
    {
        var report = Path.GetTempFileName();
        try
        {
            await RunAsync("/usr/bin/time", ["-f", "%M", "-o", report, program, .. args], env);
            return double.Parse(File.ReadAllText(report).Trim(), CultureInfo.InvariantCulture) / 1024;
        }
        finally
        {
            File.Delete(report);
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> env)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in env)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        // Drained, not kept: a 100 MB reply must not land in this process's memory.
        var output = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await Task.WhenAll(output, error);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {await error}");
        }
    }
}
