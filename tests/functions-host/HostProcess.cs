using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Release0.Functions.HostTests;

/// <summary>
/// One Functions host (../shared/functions-host/start-host.sh) on the published app, with the given app
/// settings, in a process group of its own: the host starts the app's worker as its child, so the group is
/// what is stopped. A test that needs more instances (a fleet on one storage account) starts more of these.
/// </summary>
public sealed class HostProcess : IDisposable
{
    public const string HostVariable = "RELEASE0_FUNCTIONS_HOST";
    public const string AppVariable = "RELEASE0_FUNCTIONS_APP";
    public const string LogVariable = "RELEASE0_FUNCTIONS_HOST_LOG";

    private static readonly TimeSpan StartupLimit = TimeSpan.FromMinutes(3);

    private readonly Process _process;

    private HostProcess(Process process, HostLog log)
    {
        _process = process;
        Log = log;
    }

    public HostLog Log { get; }

    /// <summary>Starts a host and waits until it has started its job host (its functions listen from then on).</summary>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("setsid", [Required(HostVariable, "the path of ../shared/functions-host/start-host.sh"), Required(AppVariable, "the folder of `dotnet publish functions/Release0.Functions`")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}";

        // The suite's and CI's own variables mean nothing to the app (RELEASE0_TEST_RUN stays: ./test.sh finds the run's processes by it).
        foreach (var own in new[] { HostVariable, AppVariable, LogVariable, "RELEASE0_TEST_STORAGE_CONNECTION", "RELEASE0_REQUIRE_HOSTS" })
        {
            start.Environment.Remove(own);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        // setsid execs in place (the test runner's child is no group leader): the host's pid names its group.
        var log = new HostLog(Environment.GetEnvironmentVariable(LogVariable));
        var host = new HostProcess(Process.Start(start)!, log);
        host._process.OutputDataReceived += (_, e) => log.Add(e.Data);
        host._process.ErrorDataReceived += (_, e) => log.Add(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        try
        {
            await Eventually.TrueAsync(
                "the host starting its job host",
                () => host._process.HasExited || log.Entries.Any(e => e.Message.StartsWith("Job host started", StringComparison.Ordinal)),
                StartupLimit,
                host.Tail);
            if (host._process.HasExited)
            {
                throw new InvalidOperationException($"The Functions host exited with {host._process.ExitCode} before it started.\n{host.Tail()}");
            }
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    /// <summary>The last entries of the host's log, for a failure message.</summary>
    public string Tail() => string.Join('\n', Log.Entries.TakeLast(40));

    /// <summary>SIGTERM to the group, SIGKILL after 10 s: the host can be slow to go, and nothing of it may outlive a test.</summary>
    public void Dispose()
    {
        Signal(15);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            Signal(9);
            _process.WaitForExit();
        }

        _process.Dispose();
        Log.Dispose();
    }

    private void Signal(int signal)
    {
        if (kill(-_process.Id, signal) != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"could not signal the Functions host's process group {_process.Id} (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string Required(string variable, string what) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: it names {what}. Run ./test.sh, which sets it (README: Azure Functions app).");

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
