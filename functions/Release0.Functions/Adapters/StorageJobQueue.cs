using Azure.Storage.Queues;
using Release0.Core.Jobs;

namespace Release0.Functions.Adapters;

/// <summary>
/// The workflow's queue port on Azure Storage queues. The client comes from a QueueServiceClient
/// registered with Base64 encoding, matching the queue trigger (host.json messageEncoding: base64).
/// A delay becomes the message's initial visibility timeout.
/// </summary>
public sealed class StorageJobQueue : IJobQueue
{
    private readonly QueueServiceClient _queues;

    public StorageJobQueue(QueueServiceClient queues)
    {
        _queues = queues;
    }

    public Task EnqueueAsync(string queue, string message, TimeSpan delay, CancellationToken cancellationToken) =>
        _queues.GetQueueClient(queue).SendMessageAsync(
            message,
            visibilityTimeout: delay > TimeSpan.Zero ? delay : null,
            timeToLive: null,
            cancellationToken: cancellationToken);
}
