using System.Text.Json;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Release0.Core.Jobs;
using Release0.Core.Tests;
using Release0.Sandbox;

namespace Release0.Functions.Tests;

/// <summary>
/// What every end-to-end test starts from: the app's queues emptied, a sandbox platform, a queue host on the
/// manual clock, and one app instance on containers of its own. Disposing it stops the app, then the sandbox.
/// </summary>
internal sealed class EndToEndApp : IAsyncDisposable
{
    private EndToEndApp(SandboxServer sandbox, ManualClock clock, QueueHost host, Dictionary<string, string?> settings, FunctionsApp app)
    {
        Sandbox = sandbox;
        Clock = clock;
        Host = host;
        Settings = settings;
        App = app;
    }

    public SandboxServer Sandbox { get; }

    public ManualClock Clock { get; }

    public QueueHost Host { get; }

    public Dictionary<string, string?> Settings { get; }

    public FunctionsApp App { get; }

    /// <summary>The batch request queue, written as a client of the app writes it.</summary>
    public QueueClient Requests { get; } = TestStorage.HostQueue(JobQueues.BatchRequests);

    private BlobContainerClient Results => new(TestStorage.ConnectionString, Settings["RELEASE0_RESULTS_CONTAINER"]);

    /// <summary>Starts it; <paramref name="storagePolicies"/> go to the app after the queue host's visibility policy.</summary>
    public static async Task<EndToEndApp> StartAsync(params HttpPipelinePolicy[] storagePolicies)
    {
        await QueueHost.ResetQueuesAsync();
        var sandbox = await SandboxServer.StartAsync();
        var clock = new ManualClock();
        var host = new QueueHost(clock);
        var settings = FunctionsApp.Settings(sandbox);
        return new EndToEndApp(sandbox, clock, host, settings, FunctionsApp.Start(settings, clock, [host.Visibility, .. storagePolicies]));
    }

    /// <summary>The text of a blob in the app's results container.</summary>
    public async Task<string> ReadAsync(string path) =>
        (await Results.GetBlobClient(path).DownloadContentAsync()).Value.Content.ToString();

    /// <summary>The outcome recorded in a batch job's result document.</summary>
    public async Task<string?> OutcomeAsync(string jobId)
    {
        using var result = JsonDocument.Parse(await ReadAsync($"batches/{jobId}.json"));
        return result.RootElement.GetProperty("outcome").GetString();
    }

    /// <summary>The names of every blob in the app's results container.</summary>
    public async Task<List<string>> BlobsAsync()
    {
        var names = new List<string>();
        await foreach (var blob in Results.GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    public async ValueTask DisposeAsync()
    {
        App.Dispose();
        await Sandbox.DisposeAsync();
    }
}
