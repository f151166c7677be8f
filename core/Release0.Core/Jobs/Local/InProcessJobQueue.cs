using System.Collections.Concurrent;
using Release0.Core.Timing;

namespace Release0.Core.Jobs.Local;

/// <summary>One message on the in-process queue, with how often it has been delivered.</summary>
internal sealed record QueuedMessage(string Queue, string Text, int Deliveries);

/// <summary>
/// The job queue in memory: messages become available after their delay, and the queue knows when
/// nothing is left, neither waiting, delayed nor being handled (see <see cref="Idle"/>).
/// </summary>
internal sealed class InProcessJobQueue : IJobQueue
{
    private readonly ConcurrentQueue<QueuedMessage> _ready = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly TaskCompletionSource<bool> _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;
    private int _outstanding;

    public InProcessJobQueue(TimeProvider time, CancellationToken stopping)
    {
        _time = time;
        _stopping = stopping;
    }

    /// <summary>Completes when every message enqueued so far has been handled.</summary>
    public Task Idle => _idle.Task;

    public Task EnqueueAsync(string queue, string message, TimeSpan delay, CancellationToken cancellationToken)
    {
        Add(new QueuedMessage(queue, message, 0), delay);
        return Task.CompletedTask;
    }

    /// <summary>Counts the message as outstanding at once, so the queue never looks idle while it waits out its delay.</summary>
    public void Add(QueuedMessage message, TimeSpan delay)
    {
        Interlocked.Increment(ref _outstanding);
        if (delay <= TimeSpan.Zero)
        {
            MakeAvailable(message);
        }
        else
        {
            _ = MakeAvailableLaterAsync(message, delay);
        }
    }

    public async Task<QueuedMessage> TakeAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
        _ready.TryDequeue(out var message);
        return message!;
    }

    /// <summary>A taken message is done with (handled, retried as a new message, or given up).</summary>
    public void Done()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            _idle.TrySetResult(true);
        }
    }

    /// <summary>For a run that starts with nothing to do.</summary>
    public void CompleteIfEmpty()
    {
        if (Volatile.Read(ref _outstanding) == 0)
        {
            _idle.TrySetResult(true);
        }
    }

    private async Task MakeAvailableLaterAsync(QueuedMessage message, TimeSpan delay)
    {
        try
        {
            await TimeProviderDelay.Delay(_time, delay, _stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        MakeAvailable(message);
    }

    private void MakeAvailable(QueuedMessage message)
    {
        _ready.Enqueue(message);
        _available.Release();
    }
}
