namespace Release0.Bench;

/// <summary>
/// A clock that jumps ahead by whatever a timer asks for and fires it at once, so waits on it pass
/// instantly and exactly. Also compiled into the core tests (linked), which drive the poller with it.
/// </summary>
internal sealed class SimulatedClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _now += dueTime;
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => default;
    }
}
