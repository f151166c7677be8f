using System.Collections.Concurrent;

namespace Release0.PowerShell.Hosting;

/// <summary>
/// Runs async work off the pipeline thread while the pipeline thread executes whatever the work
/// posts (WriteVerbose, WriteProgress, WriteObject for stream chunks), in order, as it is posted.
/// PowerShell allows Write* calls only from the pipeline thread; this keeps that rule and still
/// shows output while the work is running. Work that outlives one call (jobs submitted while the
/// pipeline still produces) posts between calls too: those writes wait for the next
/// <see cref="Flush"/> or <see cref="Run{T}"/>.
/// </summary>
internal sealed class PipelinePump
{
    private readonly int _pipelineThread = Environment.CurrentManagedThreadId;
    private readonly ConcurrentQueue<Action> _pending = new();
    private BlockingCollection<Action>? _queue;

    /// <summary>Queues an action for the pipeline thread; runs it at once when called on that thread outside <see cref="Run{T}"/>.</summary>
    public void Post(Action action)
    {
        var queue = _queue;
        if (queue is not null)
        {
            try
            {
                queue.Add(action);
                return;
            }
            catch (InvalidOperationException)
            {
                // The run has just ended; the action waits for the next flush like any other.
            }
        }

        if (Environment.CurrentManagedThreadId == _pipelineThread)
        {
            Flush();
            action();
            return;
        }

        _pending.Enqueue(action);
    }

    /// <summary>Runs, on the calling (pipeline) thread, what was posted while no run was pumping.</summary>
    public void Flush()
    {
        while (_pending.TryDequeue(out var action))
        {
            action();
        }
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool and pumps posted actions until it ends.</summary>
    public T Run<T>(Func<Task<T>> work)
    {
        using var queue = new BlockingCollection<Action>();
        _queue = queue;
        try
        {
            Flush();
            var task = Task.Run(work);
            task.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);
            foreach (var action in queue.GetConsumingEnumerable())
            {
                action();
            }

            _queue = null;
            Flush();
            return task.GetAwaiter().GetResult();
        }
        finally
        {
            _queue = null;
        }
    }
}
