using Azure.Storage.Blobs;
using Release0.Core.Batches;
using Release0.Core.Http.Pacing;

namespace Release0.Functions.Adapters;

/// <summary>
/// The fleet's shared pace in one blob, <see cref="BlobName"/> in the results container, beside the poll
/// history and written the same way (<see cref="VersionedBlob"/>): each instance reads it about once a
/// second while it calls the platform, and writes it when it learned something or its heartbeat is due.
/// </summary>
public sealed class BlobFleetPaceStore : IFleetPaceStore
{
    public const string BlobName = "pace.json";

    private readonly VersionedBlob _blob;

    public BlobFleetPaceStore(BlobContainerClient container)
    {
        _blob = new VersionedBlob(container, BlobName, "pace", message => new InvalidOperationException(message));
    }

    public string Name => _blob.Name;

    public Task<VersionedText?> ReadAsync(CancellationToken cancellationToken) => _blob.ReadAsync(cancellationToken);

    public Task<bool> TryWriteAsync(string text, string? version, CancellationToken cancellationToken) => _blob.TryWriteAsync(text, version, cancellationToken);
}
