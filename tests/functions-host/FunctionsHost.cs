using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Release0.Sandbox;

namespace Release0.Functions.HostTests;

/// <summary>
/// The published app in the real Functions host, started once for the suite: Azurite from
/// <c>RELEASE0_TEST_STORAGE_CONNECTION</c>, the host from <c>RELEASE0_FUNCTIONS_HOST</c> (its start-host.sh),
/// the app from <c>RELEASE0_FUNCTIONS_APP</c> (a `dotnet publish` folder), and a sandbox of its own as the
/// platform. The host runs in its own process group, stopped as a group (it starts the worker as its child).
/// One queue is left missing at startup so the startup warning has something to name; it is created once
/// the host is up, as a deployment that comes late would.
/// </summary>
public sealed class FunctionsHost : IAsyncLifetime
{
    public const string StorageVariable = "RELEASE0_TEST_STORAGE_CONNECTION";
    public const string HostVariable = "RELEASE0_FUNCTIONS_HOST";
    public const string AppVariable = "RELEASE0_FUNCTIONS_APP";
    public const string LogVariable = "RELEASE0_FUNCTIONS_HOST_LOG";

    public const string BatchRequests = "release0-batch-requests";
    public const string BatchPolls = "release0-batch-polls";
    public const string AgentEvents = "release0-agent-events";

    /// <summary>How often the timer fires (every 2 s), so a test sees several runs in one schedule slot.</summary>
    public const string Schedule = "*/2 * * * * *";

    /// <summary>The host's own retry delay for a failed message (host.json says 30 s), overridden as an app setting.</summary>
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan StartupLimit = TimeSpan.FromMinutes(3);
    private static readonly string[] Queues = [BatchRequests, BatchPolls, AgentEvents];

    private Process? _host;
    private int _platformPort;
    private DownPlatform? _down;

    public HostLog Log { get; private set; } = null!;

    /// <summary>The platform the app calls; replaced when a test takes it down and brings it back.</summary>
    public SandboxServer Sandbox { get; private set; } = null!;

    public string Token { get; } = $"host-suite-{Guid.NewGuid():N}";

    public string StorageConnection { get; } = Required(StorageVariable, "Azurite's connection string");

    public BlobContainerClient Results { get; }

    public BlobContainerClient Definitions { get; }

    public FunctionsHost()
    {
        Results = new BlobContainerClient(StorageConnection, $"host-results-{Guid.NewGuid():N}");
        Definitions = new BlobContainerClient(StorageConnection, $"host-definitions-{Guid.NewGuid():N}");
    }

    /// <summary>A queue client that writes and reads messages in the host's encoding (host.json: base64).</summary>
    public QueueClient Queue(string name) => new(StorageConnection, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public async Task InitializeAsync()
    {
        var script = Required(HostVariable, "the path of ../shared/functions-host/start-host.sh");
        var app = Required(AppVariable, "the folder of `dotnet publish functions/Release0.Functions`");
        Log = new HostLog(Environment.GetEnvironmentVariable(LogVariable));
        Sandbox = await SandboxServer.StartAsync(new SandboxOptions { Token = Token });
        _platformPort = Sandbox.BaseUri.Port;

        foreach (var queue in Queues)
        {
            await Queue(queue).DeleteIfExistsAsync();
            await Queue($"{queue}-poison").DeleteIfExistsAsync();
        }

        await Queue(BatchRequests).CreateAsync();
        await Queue(BatchPolls).CreateAsync();
        await Definitions.CreateAsync();

        var start = new ProcessStartInfo("setsid", [script, app])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = StorageConnection,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}",
            ["RELEASE0_BASE_URI"] = Sandbox.BaseUri.ToString(),
            ["RELEASE0_API_TOKEN"] = Token,
            ["RELEASE0_SCHEDULE"] = Schedule,
            ["RELEASE0_RESULTS_CONTAINER"] = Results.Name,
            ["RELEASE0_DEFINITIONS_CONTAINER"] = Definitions.Name,
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = VisibilityTimeout.ToString(),
        };
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        // setsid execs in place (the test runner's child is no group leader): the host's pid names its group.
        _host = Process.Start(start)!;
        _host.OutputDataReceived += (_, e) => Log.Add(e.Data);
        _host.ErrorDataReceived += (_, e) => Log.Add(e.Data);
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();

        await Eventually.TrueAsync(
            "the host starting its job host",
            () => _host.HasExited || Log.Entries.Any(e => e.Message.StartsWith("Job host started", StringComparison.Ordinal)),
            StartupLimit,
            Tail);
        if (_host.HasExited)
        {
            throw new InvalidOperationException($"The Functions host exited with {_host.ExitCode} before it started.\n{Tail()}");
        }

        await Eventually.TrueAsync("the app's startup storage check", () => Log.Entries.Any(IsStartupWarning), StartupLimit, Tail);
        await Queue(AgentEvents).CreateAsync();
    }

    public static bool IsStartupWarning(HostLogEntry entry) => entry.Message.StartsWith("warning: Release0 jobs:", StringComparison.Ordinal);

    /// <summary>Takes the platform down: its address answers 503 without Retry-After until <see cref="BringPlatformBackAsync"/>.</summary>
    public async Task<DownPlatform> TakePlatformDownAsync()
    {
        await Sandbox.DisposeAsync();
        _down = await DownPlatform.StartAsync(_platformPort);
        return _down;
    }

    /// <summary>A fresh sandbox on the platform's address (so its counts start at zero), if it was down.</summary>
    public async Task BringPlatformBackAsync()
    {
        if (_down is { } down)
        {
            _down = null;
            await down.DisposeAsync();
            Sandbox = await SandboxServer.StartAsync(new SandboxOptions { Token = Token, Port = _platformPort });
        }
    }

    public async Task<string?> ReadResultAsync(string path)
    {
        var blob = Results.GetBlobClient(path);
        return await blob.ExistsAsync() is { Value: true } ? (await blob.DownloadContentAsync()).Value.Content.ToString() : null;
    }

    /// <summary>The names of the result blobs under a prefix (none before the app's first write creates the container).</summary>
    public async Task<List<string>> ResultBlobsAsync(string prefix)
    {
        var names = new List<string>();
        if (!(await Results.ExistsAsync()).Value)
        {
            return names;
        }

        await foreach (var blob in Results.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>The last lines of the host's log, for a failure message.</summary>
    public string Tail() => string.Join('\n', Log.Entries.TakeLast(40));

    public async Task DisposeAsync()
    {
        if (_host is { } host)
        {
            Signal(host, 15);
            if (!host.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                // The host can be slow to go; nothing of it may outlive the suite.
                Signal(host, 9);
                host.WaitForExit();
            }

            host.Dispose();
        }

        Log?.Dispose();
        if (_down is not null)
        {
            await _down.DisposeAsync();
        }
        else if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }
    }

    private static void Signal(Process host, int signal)
    {
        if (kill(-host.Id, signal) != 0 && !host.HasExited)
        {
            throw new InvalidOperationException($"could not signal the Functions host's process group {host.Id} (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Required(string variable, string what) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: it names {what}. Run ./test.sh, which sets it (README: Azure Functions app).");

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
