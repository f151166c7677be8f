using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Release0.Core.Batches;

namespace Release0.Functions.Adapters;

/// <summary>
/// One small JSON blob shared by every instance, read with its ETag and written with <c>If-Match</c> on it
/// (<c>If-None-Match: *</c> when there was none), so an instance that lost a race reads the other's write
/// and merges again. A missing container is created on first write (when the identity may), as results
/// are. Other storage failures are one line naming the blob and the status (the storage client's own
/// message runs to many lines of headers), in the owner's exception type.
/// </summary>
internal sealed class VersionedBlob
{
    private readonly BlobContainerClient _container;
    private readonly BlobClient _blob;
    private readonly Func<string, Exception> _failure;

    /// <param name="what">What the blob holds, for messages (<c>poll history</c>).</param>
    /// <param name="failure">Makes the owner's exception from a one-line message.</param>
    public VersionedBlob(BlobContainerClient container, string name, string what, Func<string, Exception> failure)
    {
        _container = container;
        _blob = container.GetBlobClient(name);
        _failure = failure;
        Name = $"the {what} blob {container.Name}/{name}";
    }

    /// <summary>What and where the blob is, for messages (<c>the poll history blob release0-results/poll-history.json</c>).</summary>
    public string Name { get; }

    /// <summary>The blob's text and ETag; null when there is none.</summary>
    public async Task<VersionedText?> ReadAsync(CancellationToken cancellationToken)
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

    /// <summary>Writes <paramref name="text"/> if the blob's ETag is still <paramref name="version"/> (null: if there is no blob); false when another instance wrote first.</summary>
    public async Task<bool> TryWriteAsync(string text, string? version, CancellationToken cancellationToken)
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

    private Exception Failure(string what, RequestFailedException ex) =>
        _failure($"{Name} could not be {what}: HTTP {ex.Status} {ex.ErrorCode ?? "(no error code)"}");
}
