using Release0.Core.Jobs;

namespace Release0.Bench.Functions;

/// <summary>
/// One Azure Storage queue shared by a fleet, in real time: a received message is invisible until it
/// is deleted (the function returned) or its visibility timeout passes after a failure, and a message
/// received <see cref="MaxDequeueCount"/> times without success goes to poison, as host.json says.
/// Sends, receives that return a message, and deletes are counted as storage operations (the host's
/// polls of an empty queue are left out: they depend on its polling interval, not on the jobs).
/// </summary>
internal sealed class FleetQueue : IJobQueue
{
    public const int MaxDequeueCount = 5;
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly PriorityQueue<Message, DateTimeOffset> _waiting = new();
    private int _inFlight;
    private int _sent;
    private int _received;
    private int _deleted;
    private int _poisoned;

    public int Operations => _sent + _received + _deleted;

    public int Poisoned => _poisoned;

    /// <summary>True when nothing waits, visible or not, and nothing is being handled.</summary>
    public bool Idle
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count == 0 && _inFlight == 0;
            }
        }
    }

    public Task EnqueueAsync(string queue, string message, TimeSpan delay, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _sent++;
            _waiting.Enqueue(new Message(queue, message, 0), DateTimeOffset.UtcNow + delay);
        }

        return Task.CompletedTask;
    }

    /// <summary>The next visible message, made invisible while it is handled; null when none is visible.</summary>
    public Message? TryReceive()
    {
        lock (_gate)
        {
            if (!_waiting.TryPeek(out var message, out var visibleAt) || visibleAt > DateTimeOffset.UtcNow)
            {
                return null;
            }

            _received++;
            _waiting.Dequeue();
            _inFlight++;
            return message with { DequeueCount = message.DequeueCount + 1 };
        }
    }

    /// <summary>The function returned: the host deletes the message.</summary>
    public void Delete()
    {
        lock (_gate)
        {
            _deleted++;
            _inFlight--;
        }
    }

    /// <summary>The function threw: visible again after the timeout, or poisoned after its last try.</summary>
    public void Fail(Message message)
    {
        lock (_gate)
        {
            _inFlight--;
            if (message.DequeueCount >= MaxDequeueCount)
            {
                _poisoned++;
                _sent++;
                _deleted++;
                return;
            }

            _waiting.Enqueue(message, DateTimeOffset.UtcNow + VisibilityTimeout);
        }
    }

    internal sealed record Message(string Queue, string Text, int DequeueCount);
}
