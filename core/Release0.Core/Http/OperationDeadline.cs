namespace Release0.Core.Http;

/// <summary>
/// The overall deadline of one operation, linked to the caller's token, so that "the caller
/// cancelled" (rethrown as cancellation) can be told apart from "the deadline passed" (a timeout error).
/// </summary>
internal sealed class OperationDeadline : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _callerToken;
    private readonly DateTimeOffset _expires;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;

    public OperationDeadline(TimeSpan deadline, TimeProvider time, CancellationToken callerToken)
    {
        _callerToken = callerToken;
        _time = time;
        _expires = time.GetUtcNow() + deadline;
        Length = deadline;
        // The timer runs on the given clock, so tests can pass a deadline without waiting for it.
        _timer = time.CreateTimer(_ => Cancel(), null, deadline, Timeout.InfiniteTimeSpan);
        _source = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
    }

    public TimeSpan Length { get; }

    public CancellationToken Token => _source.Token;

    public TimeSpan Remaining => _expires - _time.GetUtcNow();

    /// <summary>True when the caller asked to stop (Ctrl+C, a cancelled job).</summary>
    public bool CallerCancelled => _callerToken.IsCancellationRequested;

    /// <summary>True when the deadline, not the caller, cancelled the operation.</summary>
    public bool Expired => _source.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    public void Dispose()
    {
        _timer.Dispose();
        _source.Dispose();
    }

    private void Cancel()
    {
        try
        {
            _source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The operation ended just as the deadline passed.
        }
    }
}
