namespace Release0.Sandbox;

/// <summary>
/// Holds the answer to every <c>batch-held</c> submit (the job is accepted, the reply withheld) until the
/// gate opens, so a test can stop a client while its submits are in flight: the platform has them, the
/// client does not know. <c>POST /_sandbox/submits/open</c> opens it from a shell.
/// </summary>
public sealed class SubmitGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private int _held;

    /// <summary>Submits held so far (answered or not).</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Answers the held submits and every later one at once.</summary>
    public void Open() => _open.TrySetResult();

    /// <summary>Completes once <paramref name="count"/> submits have arrived and are being held.</summary>
    public Task WhenHeldAsync(int count)
    {
        lock (_waiters)
        {
            if (_held >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task;
        }
    }

    internal Task HoldAsync(CancellationToken cancellationToken)
    {
        lock (_waiters)
        {
            _held++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _held).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Reached.TrySetResult();
            }
        }

        return _open.Task.WaitAsync(cancellationToken);
    }
}
