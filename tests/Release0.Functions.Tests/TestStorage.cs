using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Release0.Functions.Tests;

/// <summary>
/// The Azurite account every test runs against, named by <c>RELEASE0_TEST_STORAGE_CONNECTION</c> (./test.sh
/// starts Azurite and sets it). Each test uses containers and queues of its own name, so tests run in parallel.
/// </summary>
internal static class TestStorage
{
    public const string Variable = "RELEASE0_TEST_STORAGE_CONNECTION";

    public static string ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{Variable} is not set: run ./test.sh, or start Azurite (tools/azurite) and set {Variable} to its connection string.");

    /// <summary>A fresh container or queue name: lowercase, at most 63 characters.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A queue client that reads and writes messages as the host does (host.json: messageEncoding base64).</summary>
    public static QueueClient HostQueue(string name) =>
        new(ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public static BlobContainerClient Container(string name, params HttpPipelinePolicy[] policies)
    {
        var options = new BlobClientOptions();
        foreach (var policy in policies)
        {
            options.AddPolicy(policy, Azure.Core.HttpPipelinePosition.PerCall);
        }

        return new BlobContainerClient(ConnectionString, name, options);
    }
}
