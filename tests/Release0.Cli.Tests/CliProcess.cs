using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Release0.Cli.Tests;

/// <summary>
/// The real <c>release0</c> executable as a user runs it, for what an in-process run cannot show:
/// signals, kills, exit codes seen by the OS. <c>RELEASE0_CLI_EXECUTABLE</c> names another build to run
/// (the native one); otherwise the portable build beside the tests runs under <c>dotnet</c>.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Seen)> _waiters = [];
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The executable this run starts: the native build when <c>RELEASE0_CLI_EXECUTABLE</c> names one.</summary>
    public static string? NativeExecutable => Environment.GetEnvironmentVariable("RELEASE0_CLI_EXECUTABLE") is { Length: > 0 } path ? path : null;

    private string? _peakMemoryFile;

    private CliProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Starts <c>release0 args</c> with only the given variables added to a clean environment.</summary>
    public static CliProcess Start(IReadOnlyDictionary<string, string>? environment, string? workingDirectory, params string[] args) =>
        Start([], environment, workingDirectory, args);

    /// <summary>
    /// Like <see cref="Start(IReadOnlyDictionary{string, string}?, string?, string[])"/>, but where the tests run as root
    /// the CLI runs without root's power to read any file (setpriv drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH),
    /// so file modes deny it what they deny a user.
    /// </summary>
    public static CliProcess StartBoundByFileModes(IReadOnlyDictionary<string, string>? environment, string? workingDirectory, params string[] args) =>
        Start(Environment.IsPrivilegedProcess ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] : [], environment, workingDirectory, args);

    /// <summary>
    /// Like <see cref="Start(IReadOnlyDictionary{string, string}?, string?, string[])"/>, with no file it writes
    /// allowed past <paramref name="kilobytes"/> (ulimit -f): a longer write fails part way with EFBIG, as on a full
    /// disk, after the file was created. SIGXFSZ is ignored so the write fails instead of the process being killed, and
    /// the runtime's W^X double mapping, whose memory-backed file the limit would also cap, is turned off.
    /// </summary>
    public static CliProcess StartWithFileSizeLimit(int kilobytes, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start(["bash", "-c", "ulimit -f \"$0\" && trap '' XFSZ && DOTNET_EnableWriteXorExecute=0 exec \"$@\"", kilobytes.ToString(System.Globalization.CultureInfo.InvariantCulture)], environment, null, args);

    /// <summary>
    /// Like <see cref="Start(IReadOnlyDictionary{string, string}?, string?, string[])"/>, under GNU time, which
    /// records the run's peak resident memory for <see cref="PeakMegabytes"/>.
    /// </summary>
    public static CliProcess StartMeasured(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var file = Path.Combine(Path.GetTempPath(), $"release0-peak-{Guid.NewGuid():N}.txt");
        var run = Start(["/usr/bin/time", "-f", "%M", "-o", file], environment, null, args);
        run._peakMemoryFile = file;
        return run;
    }

    /// <summary>The peak resident memory of a run started with <see cref="StartMeasured"/>, once it has exited.</summary>
    public long PeakMegabytes
    {
        get
        {
            // GNU time writes a "Command exited with non-zero status" line before the number when the exit code is not 0.
            var lines = File.ReadAllLines(_peakMemoryFile ?? throw new InvalidOperationException("Not started with StartMeasured."));
            File.Delete(_peakMemoryFile);
            return long.Parse(lines.Last(l => l.Trim().Length > 0).Trim()) / 1024;
        }
    }

    private static CliProcess Start(string[] wrapper, IReadOnlyDictionary<string, string>? environment, string? workingDirectory, string[] args)
    {
        string[] command = NativeExecutable is { } native ? [native] : ["dotnet", Path.Combine(AppContext.BaseDirectory, "release0.dll")];
        var start = new ProcessStartInfo(wrapper.Concat(command).First());
        foreach (var arg in wrapper.Concat(command).Skip(1).Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory;
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("RELEASE0_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var run = new CliProcess(process);
        process.Start();
        _ = run.PumpAsync(process.StandardOutput, run._output, run._outputClosed);
        _ = run.PumpAsync(process.StandardError, run._error, run._errorClosed);
        return run;
    }

    /// <summary>
    /// Waits until stdout or stderr prints a line containing <paramref name="text"/>; returns that line.
    /// A line still being written counts, so a streamed chunk is seen before its line ends.
    /// </summary>
    /// <remarks>The timeout only guards a broken test; nothing depends on it being short.</remarks>
    public async Task<string> WaitForLineAsync(string text, TimeSpan? timeout = null)
    {
        TaskCompletionSource<string> seen;
        lock (_waiters)
        {
            var existing = (_output + "\n" + _error).Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (existing is not null)
            {
                return existing;
            }
            seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((line => line.Contains(text, StringComparison.Ordinal), seen));
        }
        var exited = _process.WaitForExitAsync();
        var done = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout ?? TimeSpan.FromMinutes(2)));
        if (done == seen.Task)
        {
            return await seen.Task;
        }
        throw new Xunit.Sdk.XunitException($"release0 never printed \"{text}\" ({(done == exited ? $"it exited with {_process.ExitCode}" : "timed out")}).\nstdout:\n{Output}\nstderr:\n{Error}");
    }

    /// <summary>Sends SIGINT, as Ctrl+C at a terminal does.</summary>
    public void Interrupt() => Signal(SigInt);

    /// <summary>Sends SIGTERM, as <c>kill</c>, a service manager or a container runtime stopping the process does.</summary>
    public void Terminate() => Signal(SigTerm);

    private void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>SIGKILL: the process ends without running any of its own code.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: true);

    public void WriteInput(string text)
    {
        _process.StandardInput.Write(text);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for the process to end and for its output to be read to the end.</summary>
    public async Task<CliResult> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        await _process.WaitForExitAsync(cancel.Token);
        await Task.WhenAll(_outputClosed.Task, _errorClosed.Task).WaitAsync(cancel.Token);
        return new CliResult(_process.ExitCode, Output, Error);
    }

    public string Output
    {
        get { lock (_waiters) { return _output.ToString(); } }
    }

    public string Error
    {
        get { lock (_waiters) { return _error.ToString(); } }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    /// <summary>Reads what the process writes as it arrives (not line by line), so waiters see unfinished lines too.</summary>
    private async Task PumpAsync(StreamReader reader, StringBuilder into, TaskCompletionSource closed)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (_waiters)
            {
                var lineStart = into.ToString().LastIndexOf('\n') + 1;
                into.Append(buffer, 0, read);
                var fresh = into.ToString(lineStart, into.Length - lineStart).Split('\n');
                foreach (var waiter in _waiters.ToList())
                {
                    if (fresh.FirstOrDefault(waiter.Match) is { } line)
                    {
                        _waiters.Remove(waiter);
                        waiter.Seen.TrySetResult(line);
                    }
                }
            }
        }
        closed.TrySetResult();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
