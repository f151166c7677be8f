using Release0.Core.Jobs;

namespace Release0.Bench.Functions;

/// <summary>
/// The job-queue port as a discrete-event simulation: each message becomes due after its delay on
/// the driven clock, and every send, receive and delete is counted as Azure Storage would bill it.
/// </summary>
internal sealed class CountingJobQueue : IJobQueue
{
    private readonly PriorityQueue<(string Queue, string Message), (DateTimeOffset Due, long Order)> _pending = new();
    private readonly DrivenClock _clock;
    private long _order;

    public CountingJobQueue(DrivenClock clock)
    {
        _clock = clock;
    }

    public int Sent { get; private set; }

    public int Received { get; private set; }

    public int Deleted { get; private set; }

    public Task EnqueueAsync(string queue, string message, TimeSpan delay, CancellationToken cancellationToken)
    {
        Sent++;
        _pending.Enqueue((queue, message), (_clock.GetUtcNow() + delay, _order++));
        return Task.CompletedTask;
    }

    /// <summary>Hands each message to <paramref name="handle"/> in due order, moving the clock to its time, until none is left.</summary>
    public async Task DrainAsync(Func<string, string, Task> handle)
    {
        while (_pending.TryDequeue(out var message, out var due))
        {
            _clock.AdvanceTo(due.Due);
            Received++;
            await handle(message.Queue, message.Message);

            // The Functions host deletes a message once its function returned without throwing.
            Deleted++;
        }
    }
}
