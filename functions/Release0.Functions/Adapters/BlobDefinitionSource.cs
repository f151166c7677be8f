using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Release0.Core.Jobs;

namespace Release0.Functions.Adapters;

/// <summary>Scheduled job definitions: every <c>*.json</c> blob in the definitions container.</summary>
public sealed class BlobDefinitionSource : IJobDefinitionSource
{
    private readonly BlobContainerClient _container;

    public BlobDefinitionSource(BlobContainerClient container)
    {
        _container = container;
    }

    public async Task<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(CancellationToken cancellationToken)
    {
        var definitions = new List<KeyValuePair<string, string>>();
        await foreach (var blob in _container.GetBlobsAsync(traits: BlobTraits.None, states: BlobStates.None, prefix: null, cancellationToken: cancellationToken))
        {
            if (!blob.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var download = await _container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
            definitions.Add(new KeyValuePair<string, string>(Path.GetFileNameWithoutExtension(blob.Name), download.Value.Content.ToString()));
        }

        return definitions;
    }
}
