namespace Release0.Sandbox;

/// <summary>
/// Holds the <c>gated-stream</c> agent after its first chunk until a test opens the gate, so a test
/// can prove it received that chunk while the rest was not yet sent.
/// </summary>
public sealed class StreamGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    internal Task WaitAsync(CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);
}
