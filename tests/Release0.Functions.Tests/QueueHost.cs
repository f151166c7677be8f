using Azure.Storage.Queues.Models;
using Release0.Core.Jobs;
using Release0.Core.Tests;

namespace Release0.Functions.Tests;

/// <summary>
/// What the Functions host's queue listener does, on the manual clock: take the next due message from a
/// queue (Base64, per host.json), run the function bound to it, delete it when the function returns, and
/// when it throws give it back to be retried after host.json's visibilityTimeout.
/// </summary>
internal sealed class QueueHost
{
    /// <summary>host.json: extensions.queues.visibilityTimeout, the pause before a failed message is retried.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private static readonly string[] Queues = [JobQueues.BatchRequests, JobQueues.BatchPolls, JobQueues.AgentEvents];

    private readonly ManualClock _clock;

    public QueueHost(ManualClock clock)
    {
        _clock = clock;
        Visibility = new VisibilityOnClock(clock);
    }

    /// <summary>Give it to every app instance, so their delayed messages fall due on the manual clock.</summary>
    public VisibilityOnClock Visibility { get; }

    /// <summary>Empties the app's fixed queues (creating them), so a test starts from nothing.</summary>
    public static async Task ResetQueuesAsync()
    {
        foreach (var queue in Queues)
        {
            var client = TestStorage.HostQueue(queue);
            await client.CreateIfNotExistsAsync();
            await client.ClearMessagesAsync();
        }
    }

    /// <summary>The visible messages of a queue, each held for this test until it is run or given back.</summary>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(string queue, int max = 32)
    {
        QueueMessage[] messages = await TestStorage.HostQueue(queue).ReceiveMessagesAsync(max, TimeSpan.FromMinutes(5));
        return messages.OrderBy(m => Visibility.DueOf(m.MessageId)).ToList();
    }

    /// <summary>Runs one received message once its time has come; the exception when the function threw.</summary>
    public async Task<Exception?> RunAsync(string queue, QueueMessage message, Func<string, CancellationToken, Task> function)
    {
        var due = Visibility.DueOf(message.MessageId);
        if (due > _clock.GetUtcNow())
        {
            _clock.Advance(due - _clock.GetUtcNow());
        }

        var client = TestStorage.HostQueue(queue);
        try
        {
            await function(message.MessageText, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Visibility.Delay(message.MessageId, RetryDelay);
            await client.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            return ex;
        }

        await client.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        return null;
    }

    /// <summary>Runs the earliest due message of any queue on one of the instances, in turn, until no queue holds one.</summary>
    public async Task<int> RunUntilIdleAsync(params FunctionsApp[] instances)
    {
        for (var delivered = 0; delivered < 100; delivered++)
        {
            var next = await NextAsync();
            if (next is not { } found)
            {
                return delivered;
            }

            var instance = instances[delivered % instances.Length];
            if (await RunAsync(found.Queue, found.Message, instance.Trigger(found.Queue)) is { } error)
            {
                throw new InvalidOperationException($"{found.Queue} failed on '{found.Message.MessageText}'", error);
            }
        }

        throw new InvalidOperationException("the app kept enqueueing messages: 100 deliveries without reaching an empty queue");
    }

    private async Task<(string Queue, QueueMessage Message)?> NextAsync()
    {
        var held = new List<(string Queue, QueueMessage Message)>();
        foreach (var queue in Queues)
        {
            held.AddRange((await ReceiveAsync(queue)).Select(m => (queue, m)));
        }

        if (held.Count == 0)
        {
            return null;
        }

        var next = held.MinBy(h => Visibility.DueOf(h.Message.MessageId));
        foreach (var (queue, message) in held.Where(h => h.Message.MessageId != next.Message.MessageId))
        {
            await TestStorage.HostQueue(queue).UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
        }

        return next;
    }
}
