namespace Release0.Core.Jobs;

/// <summary>A queue port that can deliver a message after a delay (Azure Storage queues, or in-process).</summary>
public interface IJobQueue
{
    Task EnqueueAsync(string queue, string message, TimeSpan delay, CancellationToken cancellationToken);
}
