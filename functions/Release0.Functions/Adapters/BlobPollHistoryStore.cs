using Azure.Storage.Blobs;
using Release0.Core.Batches;

namespace Release0.Functions.Adapters;

/// <summary>
/// The app's poll history in one blob, <see cref="BlobName"/> in the results container, shared by every
/// instance through <see cref="VersionedBlob"/>: an instance that lost a race reads the other's record
/// and adds its own again.
/// </summary>
public sealed class BlobPollHistoryStore : ConditionalPollHistoryStore
{
    public const string BlobName = "poll-history.json";

    private readonly VersionedBlob _blob;

    public BlobPollHistoryStore(BlobContainerClient container)
    {
        _blob = new VersionedBlob(container, BlobName, "poll history", message => new PollHistoryStoreException(message));
    }

    public override string Name => _blob.Name;

    protected override Task<VersionedText?> ReadAsync(CancellationToken cancellationToken) => _blob.ReadAsync(cancellationToken);

    protected override Task<bool> TryWriteAsync(string text, string? version, CancellationToken cancellationToken) => _blob.TryWriteAsync(text, version, cancellationToken);
}
