using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Release0.Sandbox;

namespace Release0.Functions.HostTests;

/// <summary>
/// The published app in the real Functions host, started once for the suite (<see cref="HostProcess"/>) on
/// Azurite (<c>RELEASE0_TEST_STORAGE_CONNECTION</c>), with a sandbox of its own as the platform. One queue is
/// left missing at startup so the startup warning has something to name; it is created once the host is up,
/// as a deployment that comes late would.
/// </summary>
public sealed class FunctionsHost : IAsyncLifetime
{
    public const string StorageVariable = "RELEASE0_TEST_STORAGE_CONNECTION";

    public const string BatchRequests = "release0-batch-requests";
    public const string BatchPolls = "release0-batch-polls";
    public const string AgentEvents = "release0-agent-events";

    /// <summary>How often the timer fires (every 2 s), so a test sees several runs in one schedule slot.</summary>
    public const string Schedule = "*/2 * * * * *";

    /// <summary>The host's retry delay for a failed message (host.json says 30 s), overridden as an app setting.</summary>
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(2);

    /// <summary>RELEASE0_RESULTS_CONTAINER without its S.</summary>
    public const string MisspeltSetting = "RELEASE0_RESULT_CONTAINER";

    private static readonly string[] Queues = [BatchRequests, BatchPolls, AgentEvents];

    private HostProcess? _host;
    private int _platformPort;
    private DownPlatform? _down;

    public FunctionsHost()
    {
        Results = new BlobContainerClient(StorageConnection, $"host-results-{Guid.NewGuid():N}");
        Definitions = new BlobContainerClient(StorageConnection, $"host-definitions-{Guid.NewGuid():N}");
    }

    public HostLog Log => _host!.Log;

    /// <summary>The platform the app calls; replaced when a test takes it down and brings it back.</summary>
    public SandboxServer Sandbox { get; private set; } = null!;

    public string Token { get; } = $"host-suite-{Guid.NewGuid():N}";

    public string StorageConnection { get; } = HostProcess.Required(StorageVariable, "Azurite's connection string");

    public BlobContainerClient Results { get; }

    public BlobContainerClient Definitions { get; }

    /// <summary>The app settings of the suite's host; another instance started with them joins the same app.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["AzureWebJobsStorage"] = StorageConnection,
        ["RELEASE0_BASE_URI"] = $"http://127.0.0.1:{_platformPort}/",
        ["RELEASE0_API_TOKEN"] = Token,
        ["RELEASE0_SCHEDULE"] = Schedule,
        ["RELEASE0_RESULTS_CONTAINER"] = Results.Name,
        ["RELEASE0_DEFINITIONS_CONTAINER"] = Definitions.Name,
        ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = VisibilityTimeout.ToString(),

        // A misspelt setting, which the app must name at startup rather than leave its default in force unnoticed.
        [MisspeltSetting] = "release0-results",
    };

    /// <summary>A queue client that writes and reads messages in the host's encoding (host.json: base64).</summary>
    public QueueClient Queue(string name) => new(StorageConnection, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public async Task InitializeAsync()
    {
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

        _host = await HostProcess.StartAsync(Settings);
        await Eventually.TrueAsync("the app's startup storage check", () => Log.Entries.Any(IsMissingStorageWarning), TimeSpan.FromMinutes(1), Tail);
        await Queue(AgentEvents).CreateAsync();
    }

    public static bool IsMissingStorageWarning(HostLogEntry entry) => entry.Message.StartsWith("warning: Release0 jobs: missing ", StringComparison.Ordinal);

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

    /// <summary>
    /// A fresh sandbox on the platform's address that refuses calls past <paramref name="callsPerSecond"/> with 429
    /// (its counts start at zero); <see cref="UnlimitPlatformAsync"/> puts back one without a limit.
    /// </summary>
    public async Task<SandboxServer> LimitPlatformAsync(double callsPerSecond)
    {
        await Sandbox.DisposeAsync();
        Sandbox = await SandboxServer.StartAsync(new SandboxOptions { Token = Token, Port = _platformPort, RateLimit = callsPerSecond });
        return Sandbox;
    }

    public async Task UnlimitPlatformAsync()
    {
        await Sandbox.DisposeAsync();
        Sandbox = await SandboxServer.StartAsync(new SandboxOptions { Token = Token, Port = _platformPort });
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

    /// <summary>The last entries of the host's log, for a failure message.</summary>
    public string Tail() => _host?.Tail() ?? "(the host did not start)";

    public async Task DisposeAsync()
    {
        _host?.Dispose();
        if (_down is not null)
        {
            await _down.DisposeAsync();
        }
        else if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }
    }
}
