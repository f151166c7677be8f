namespace Release0.Core.Http;

/// <summary>
/// The overall deadline of one operation, linked to the caller's token, so that "the caller
/// cancelled" (rethrown as cancellation) can be told apart from "the deadline passed" (a timeout error).
/// </summary>
internal sealed class OperationDeadline : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationTokenRegistration _callerRegistration;
    private readonly CancellationToken _callerToken;
    private readonly DateTimeOffset _expires;
    private readonly TimeProvider _time;

    public OperationDeadline(TimeSpan deadline, TimeProvider time, CancellationToken callerToken)
    {
        _callerToken = callerToken;
        _time = time;
        _expires = time.GetUtcNow() + deadline;
        Length = deadline;

        // One source, cancelled by the clock (so tests can pass a deadline without waiting for it) or by
        // the caller: cheaper on every call than a linked source beside a timer of its own. A caller's
        // token that cannot be cancelled registers nothing.
#if NET8_0_OR_GREATER
        _source = new CancellationTokenSource(deadline, time);
#else
        _source = time.CreateCancellationTokenSource(deadline);
#endif
        _callerRegistration = callerToken.Register(static source => ((CancellationTokenSource)source!).Cancel(), _source);
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
        // First the registration (it waits for a cancellation in progress), so the source is never cancelled after disposal.
        _callerRegistration.Dispose();
        _source.Dispose();
    }
}
