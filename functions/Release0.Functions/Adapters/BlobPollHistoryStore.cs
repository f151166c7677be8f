using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Release0.Core.Batches;

namespace Release0.Functions.Adapters;

/// <summary>
/// The app's poll history in one blob, <see cref="BlobName"/> in the results container, shared by every
/// instance: written with <c>If-Match</c> on the ETag it was read with (<c>If-None-Match: *</c> when
/// there was none), so an instance that lost a race reads the other's record and adds its own again.
/// A missing container is created on first write (when the identity may), as results are.
/// </summary>
public sealed class BlobPollHistoryStore : ConditionalPollHistoryStore
{
    public const string BlobName = "poll-history.json";

    private readonly BlobContainerClient _container;
    private readonly BlobClient _blob;

    public BlobPollHistoryStore(BlobContainerClient container)
    {
        _container = container;
        _blob = container.GetBlobClient(BlobName);
    }

    public override string Name => $"the poll history blob {_container.Name}/{BlobName}";

    protected override async Task<VersionedText?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var download = await _blob.DownloadContentAsync(cancellationToken);
            return new VersionedText(download.Value.Content.ToString(), download.Value.Details.ETag.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException ex)
        {
            throw Failure("read", ex);
        }
    }

    protected override async Task<bool> TryWriteAsync(string text, string? version, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            Conditions = version is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(version) },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        };
        try
        {
            await _blob.UploadAsync(BinaryData.FromString(text), options, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // Nothing was stored, so the next round's read-merge-write starts from no blob.
            await _container.CreateIfNotExistsAsync(PublicAccessType.None, null, null, cancellationToken);
            return false;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // 412: changed since it was read; 409: created by another instance since it was found missing.
            return false;
        }
        catch (RequestFailedException ex)
        {
            throw Failure("written", ex);
        }
    }

    private PollHistoryStoreException Failure(string what, RequestFailedException ex) =>
        new($"{Name} could not be {what}: HTTP {ex.Status} {ex.ErrorCode ?? "(no error code)"}");
}
