namespace Release0.Core.Tests;

/// <summary>
/// A clock that stands still until the test moves it. Timers (Polly's delays and timeouts, the
/// deadline, the stream's idle timer, poll intervals) fire only when <see cref="Advance"/> passes
/// their due time (<see cref="Advance"/>), so a test can check what happens before and after a wait without waiting.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<Timer> _timers = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _now;

    /// <summary>Starts at the real time, so epoch dates a server sends (X-RateLimit-Reset) mean what they say.</summary>
    public ManualClock()
    {
        _now = DateTimeOffset.UtcNow;
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Waits, without sleeping, until something waits on a timer due between <paramref name="atLeast"/>
    /// and <paramref name="atMost"/> (by default exactly <paramref name="atLeast"/>) from now.
    /// </summary>
    public async Task WhenWaitingAsync(TimeSpan atLeast, TimeSpan? atMost = null)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_timers.Any(t => t.Due - _now >= atLeast && t.Due - _now <= (atMost ?? atLeast)))
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Moves the clock on, firing every timer that falls due.</summary>
    public void Advance(TimeSpan by)
    {
        List<Timer> due;
        lock (_gate)
        {
            _now += by;
            due = _timers.Where(t => t.Due <= _now).ToList();
            foreach (var timer in due)
            {
                _timers.Remove(timer);
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Schedule(Timer timer, TimeSpan dueTime)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.Due = _now + dueTime;
                _timers.Add(timer);
            }

            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private sealed class Timer : ITimer
    {
        private readonly ManualClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;

        public Timer(ManualClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
        }

        public DateTimeOffset Due { get; set; }

        public void Fire() => _callback(_state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _clock.Schedule(this, dueTime);
            return true;
        }

        public void Dispose() => _clock.Schedule(this, Timeout.InfiniteTimeSpan);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
