using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Release0.Core.Jobs;

namespace Release0.Functions.Adapters;

/// <summary>
/// The workflow's result store on a blob container. Writes are create-once with If-None-Match: *,
/// so a redelivered message cannot overwrite or duplicate a result, and two deliveries claiming one
/// job cannot both win; the service answers 409 BlobAlreadyExists (or 412 when a concurrent writer
/// won), which means "already written". The one overwrite is the workflow's replacement of an unknown
/// outcome after a resend it claimed. A missing container is created on first write (when the
/// identity may create containers), since nothing is created at startup.
/// </summary>
public sealed class BlobResultStore : IResultStore
{
    private readonly BlobContainerClient _container;

    public BlobResultStore(BlobContainerClient container)
    {
        _container = container;
    }

    public async Task<bool> TryCreateAsync(string path, string content, CancellationToken cancellationToken)
    {
        try
        {
            return await UploadOnceAsync(path, content, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            await _container.CreateIfNotExistsAsync(PublicAccessType.None, null, null, cancellationToken);
            return await UploadOnceAsync(path, content, cancellationToken);
        }
    }

    public Task ReplaceAsync(string path, string content, CancellationToken cancellationToken) =>
        _container.GetBlobClient(path).UploadAsync(BinaryData.FromString(content), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellationToken);

    public async Task<string?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var download = await _container.GetBlobClient(path).DownloadContentAsync(cancellationToken);
            return download.Value.Content.ToString();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task<bool> UploadOnceAsync(string path, string content, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
        };
        try
        {
            await _container.GetBlobClient(path).UploadAsync(BinaryData.FromString(content), options, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobAlreadyExists || ex.Status is 409 or 412)
        {
            return false;
        }
    }
}
