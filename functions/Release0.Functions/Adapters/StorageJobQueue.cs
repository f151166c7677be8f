using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Release0.Core.Jobs;

namespace Release0.Functions.Adapters;

/// <summary>
/// The workflow's queue port on Azure Storage queues. The client comes from a QueueServiceClient
/// registered with Base64 encoding, matching the queue trigger (host.json messageEncoding: base64).
/// A delay becomes the message's initial visibility timeout. A missing queue is created on first
/// use (when the identity may create queues), since nothing is created at startup.
/// </summary>
public sealed class StorageJobQueue : IJobQueue
{
    private readonly QueueServiceClient _queues;

    public StorageJobQueue(QueueServiceClient queues)
    {
        _queues = queues;
    }

    public async Task EnqueueAsync(string queue, string message, TimeSpan delay, CancellationToken cancellationToken)
    {
        var client = _queues.GetQueueClient(queue);
        try
        {
            await SendAsync(client, message, delay, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            await client.CreateIfNotExistsAsync(null, cancellationToken);
            await SendAsync(client, message, delay, cancellationToken);
        }
    }

    private static Task SendAsync(QueueClient client, string message, TimeSpan delay, CancellationToken cancellationToken) =>
        client.SendMessageAsync(
            message,
            visibilityTimeout: delay > TimeSpan.Zero ? delay : null,
            timeToLive: null,
            cancellationToken: cancellationToken);
}
