using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Release0.Core.Jobs;

namespace Release0.Functions.Adapters;

/// <summary>
/// Scheduled job definitions: every <c>*.json</c> blob in the definitions container, in any virtual
/// folder, named by its path (see <see cref="DefinitionFiles"/>). A missing container holds no definitions.
/// </summary>
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
        try
        {
            await foreach (var blob in _container.GetBlobsAsync(traits: BlobTraits.None, states: BlobStates.None, prefix: null, cancellationToken: cancellationToken))
            {
                if (!DefinitionFiles.IsDefinition(blob.Name))
                {
                    continue;
                }

                var download = await _container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
                definitions.Add(new KeyValuePair<string, string>(DefinitionFiles.NameOf(blob.Name), DefinitionFiles.Decode(download.Value.Content.ToArray())));
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return [];
        }

        return definitions;
    }
}
