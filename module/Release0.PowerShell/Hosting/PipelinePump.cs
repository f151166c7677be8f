using System.Collections.Concurrent;

namespace Release0.PowerShell.Hosting;

/// <summary>
/// Runs async work off the pipeline thread while the pipeline thread executes whatever the work
/// posts (WriteVerbose, WriteProgress, WriteObject for stream chunks), in order, as it is posted.
/// PowerShell allows Write* calls only from the pipeline thread; this keeps that rule and still
/// shows output while the work is running.
/// </summary>
internal sealed class PipelinePump
{
    private BlockingCollection<Action>? _queue;

    /// <summary>Queues an action for the pipeline thread; runs it at once when called on that thread outside <see cref="Run{T}"/>.</summary>
    public void Post(Action action)
    {
        var queue = _queue;
        if (queue is null)
        {
            action();
            return;
        }

        try
        {
            queue.Add(action);
        }
        catch (InvalidOperationException)
        {
            // The work has finished and the queue is closed; nothing is left to show it to.
        }
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool and pumps posted actions until it ends.</summary>
    public T Run<T>(Func<Task<T>> work)
    {
        using var queue = new BlockingCollection<Action>();
        _queue = queue;
        try
        {
            var task = Task.Run(work);
            task.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);
            foreach (var action in queue.GetConsumingEnumerable())
            {
                action();
            }

            return task.GetAwaiter().GetResult();
        }
        finally
        {
            _queue = null;
        }
    }
}
