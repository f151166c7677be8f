using Release0.Core.Timing;

namespace Release0.Core.Http.Pacing;

/// <summary>
/// One pace for every call of a connection: each attempt takes the next free send slot, so calls go
/// out at the learned rate instead of in bursts the platform refuses, and when the platform says "wait"
/// (429, or 503 with Retry-After) every caller waits, not only the one refused.
/// </summary>
/// <remarks>
/// A new connection starts slowly, like TCP: at most 16 calls a second plus one more per success (up to twice
/// what was sent in the last second), so a burst
/// of callers does not meet an unknown limit all at once. The rate is then learned by AIMD: the first refusal sets it to 0.7 of the rate
/// sent over the last two seconds (a refusal after fewer than four sends in that time only pauses); later refusals multiply it by 0.7 once per decrease (refusals of calls
/// sent before the last decrease are the same overload, not a new one). Without refusals it grows by 10 %
/// a second of successful calls (up to twice the rate actually sent), so it climbs back within about four seconds and probes the limit gently
/// instead of overshooting it. A fixed <c>MaxRate</c> is the starting rate and the ceiling.
/// System.Threading.RateLimiting's token bucket was the first choice, but its rate is fixed when it is
/// built and it runs on the system clock, so it can neither adapt nor be driven by a test's
/// <see cref="TimeProvider"/>: the governor is a slot reservation (GCRA) on the connection's clock.
/// </remarks>
internal sealed class RateGovernor
{
    private const double DecreaseFactor = 0.7;
    private const double GrowthPerSecond = 0.1;
    private const double MinimumRate = 0.05;

    /// <summary>Fewer sends than this in the window say nothing about a rate: a refusal then only pauses.</summary>
    private const int MinimumSamples = 4;

    /// <summary>Calls a second a new connection may send before any has come back; each success allows one more.</summary>
    private const int InitialAllowance = 16;

    private static readonly TimeSpan SlowStartWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxPause = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan SendWindow = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    /// <summary>Send times of the last <see cref="SendWindow"/>, and reserved ones to come, in order.</summary>
    private readonly List<DateTimeOffset> _sends = [];
    private readonly TimeProvider _time;
    private readonly double? _maxRate;
    private double? _rate;
    private DateTimeOffset _nextSlot;
    private DateTimeOffset _pausedUntil;
    private DateTimeOffset _lastDecrease;
    private DateTimeOffset _lastGrowth;
    private long _sent;
    private long _refused;
    private long _succeeded;
    private TimeSpan _waited;
    private double _allowance = InitialAllowance;

    /// <summary>The allowance as it was a second (or more) before <see cref="_allowanceSince"/>: slow start at most doubles it a second.</summary>
    private double _allowanceBefore = InitialAllowance;
    private DateTimeOffset _allowanceSince = DateTimeOffset.MinValue;

    /// <summary>Instances of the fleet this connection shares its pace with (itself included); 1 alone.</summary>
    private int _instances = 1;

    /// <summary>The rate this connection sent at when it was last refused (and cut): its fleet grows back to near it quickly, and past it slowly.</summary>
    private double? _refusedAt;

    /// <summary>Whether this connection shares its pace with a fleet (even of one).</summary>
    private bool _fleet;

    /// <summary>Whether the fleet's size was still changing at the last sync: instances starting together may not all be counted yet.</summary>
    private bool _settling;

    /// <summary>Changes when the rate is cut: slots reserved at the old rate are taken again at the new one.</summary>
    private long _generation;

    /// <summary>The latest slot slow start gave a caller that had to wait: those callers are spaced, not sent in a burst.</summary>
    private DateTimeOffset _slowStartSlot;

    /// <param name="maxRate">Calls per second never exceeded; null learns the rate from the platform alone.</param>
    public RateGovernor(TimeProvider time, double? maxRate)
    {
        _time = time;
        _maxRate = maxRate;
        _rate = maxRate;
        _lastDecrease = DateTimeOffset.MinValue;
    }

    /// <summary>The rate calls are sent at, and how many were sent and refused.</summary>
    public PaceReport Report()
    {
        lock (_gate)
        {
            return new PaceReport(_rate, _sent, _refused, _waited);
        }
    }

    /// <summary>What this connection has learned, for its fleet: its rate, the platform's pause, when it last cut the rate, its successes so far, what it sends, and the fleet size its rate is a share of.</summary>
    public LearnedPace Learned()
    {
        lock (_gate)
        {
            return new LearnedPace(_rate, _refusedAt, _pausedUntil, _lastDecrease, _succeeded, SendRate(_time.GetUtcNow()), _instances);
        }
    }

    /// <summary>
    /// Takes on the fleet's pace at <paramref name="at"/>: this instance's share of the fleet's rate (a lower
    /// one is a decrease: reserved slots are taken again, and refusals of calls sent before it are the same
    /// overload), the platform's pause, and the fleet's size, which divides slow start's allowance and
    /// multiplies the sends a first estimate counts.
    /// </summary>
    public void Share(double? rate, DateTimeOffset? pausedUntil, int instances, bool settling, DateTimeOffset at)
    {
        lock (_gate)
        {
            _fleet = true;
            _instances = Math.Max(1, instances);
            _settling = settling;
            if (pausedUntil is { } until)
            {
                PauseUntil(until < at + MaxPause ? until : at + MaxPause);
            }

            if (rate is not { } shared)
            {
                return;
            }

            shared = Math.Max(MinimumRate, _maxRate is { } max && shared > max ? max : shared);
            if (_rate is not { } current || shared < current)
            {
                _lastDecrease = at;
                _generation++;
                _nextSlot = Later(at, _pausedUntil);
            }

            // The fleet grows as one sender: growth here until the next sync is only this instance's proposal.
            _rate = shared;
            _lastGrowth = at;
        }
    }

    /// <summary>How long from now until a new call could be sent: the platform's pause, or the queue of reserved slots.</summary>
    public TimeSpan Backlog()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var free = Later(_pausedUntil, _nextSlot);
            return free > now ? free - now : TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Waits for this call's send slot and returns when it was sent. A pause the platform asks for while
    /// waiting moves the call behind it.
    /// </summary>
    /// <param name="waiting">Told the wait's reason and length before a wait begins (static, with its state, so a call that need not wait allocates nothing).</param>
    public async ValueTask<DateTimeOffset> WaitTurnAsync<TState>(Action<TState, string, TimeSpan> waiting, TState state, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan delay;
            string reason;
            long generation;
            DateTimeOffset? reserved;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                var start = Later(now, Later(_nextSlot, _pausedUntil));
                var lookAgain = false;
                if (_rate is null)
                {
                    var lastSlot = _slowStartSlot;
                    start = SlowStart(start);

                    // Slow start's allowance grows every second: a caller this far back looks again in a second instead of
                    // holding a slot far ahead at today's allowance (a queue of callers would keep the pace there).
                    lookAgain = start - now > SlowStartWindow && start > _pausedUntil + SlowStartWindow;
                    if (lookAgain)
                    {
                        _slowStartSlot = lastSlot;
                    }
                }

                if (!lookAgain)
                {
                    // The call's slot is reserved now, so callers queue in order; it is sent when the slot comes.
                    _nextSlot = _rate is { } rate ? start + Interval(rate) : start;
                    Record(start);
                    if (start <= now)
                    {
                        _sent++;
                        return now;
                    }
                }

                delay = lookAgain ? SlowStartWindow : start - now;
                generation = _generation;
                reserved = lookAgain ? null : start;
                _waited += delay;
                reason = !lookAgain && _pausedUntil > now ? "the platform asked to slow down"
                    : _rate is null ? $"starting at {Shown(Allowance)} calls/s until the platform's limit is known"
                    : $"paced to about {Shown(_rate)} calls/s";
            }

            PacingTelemetry.Waited(delay);
            waiting(state, reason, delay);
            await TimeProviderDelay.Delay(_time, delay, cancellationToken).ConfigureAwait(false);
            if (reserved is not { } slot)
            {
                continue;
            }

            lock (_gate)
            {
                var now = _time.GetUtcNow();
                if (_pausedUntil <= now && generation == _generation)
                {
                    _sent++;
                    return now;
                }

                // Taken again below: the old slot no longer counts as a send.
                _sends.Remove(slot);
            }
        }
    }

    /// <summary>Learns from an answer to a call sent at <paramref name="sentAt"/>.</summary>
    public void Observe(HttpResponseMessage response, DateTimeOffset sentAt)
    {
        var status = (int)response.StatusCode;
        var now = _time.GetUtcNow();
        var serverDelay = ServerRetryDelay.From(response, now);
        if (status == 429 || (status == 503 && serverDelay is not null))
        {
            Refused(serverDelay ?? DefaultPause, sentAt, now);
        }
        else if (response.IsSuccessStatusCode)
        {
            Succeeded(ServerRetryDelay.UntilReset(response, now), now);
        }
    }

    /// <summary>Remaining capacity 0: everyone waits for the window's reset, though nothing was refused yet.</summary>
    private void Succeeded(TimeSpan? windowClosed, DateTimeOffset now)
    {
        lock (_gate)
        {
            _succeeded++;
            if (windowClosed is { } wait)
            {
                PauseUntil(now + Clamp(wait));
            }

            if (_rate is not { } rate)
            {
                // As TCP grows its window only while the window limits it: at most twice what was sent in the last second.
                // In a fleet the allowance is the whole fleet's and each instance's success stands for one of each instance's.
                // At most doubling a second: calls a fleet's instance spaces out come back before the second is over.
                var sentLastSecond = FirstAfter(now) - FirstAfter(now - SlowStartWindow);
                if (now - _allowanceSince >= SlowStartWindow)
                {
                    (_allowanceSince, _allowanceBefore) = (now, _allowance);
                }

                _allowance = Math.Min(_allowance + _instances, Math.Min(2 * _allowanceBefore, Math.Max(InitialAllowance, 2 * sentLastSecond * _instances)));
                return;
            }

            var elapsed = (now - Later(_lastGrowth, _lastDecrease)).TotalSeconds;
            _lastGrowth = now;
            if (elapsed > 0)
            {
                // Growth needs demand: a rate far above what is sent says nothing about the limit.
                var grown = Math.Min(rate * (1 + (GrowthPerSecond * Math.Min(elapsed, 1))), Math.Max(rate, 2 * SendRate(now)));
                _rate = _maxRate is { } max && grown > max ? max : grown;
            }
        }
    }

    private void Refused(TimeSpan pause, DateTimeOffset sentAt, DateTimeOffset now)
    {
        PacingTelemetry.Refused();
        lock (_gate)
        {
            _refused++;
            PauseUntil(now + Clamp(pause));
            if (sentAt < _lastDecrease)
            {
                return;
            }

            // In a fleet each instance sends a part of what the platform counts: its sends stand for the fleet's.
            if (_rate is null && SendRate(now) * SendWindow.TotalSeconds * _instances < MinimumSamples)
            {
                return;
            }

            // A fleet's instance in slow start stands for all of them: its view of the fleet's allowance, shared out, is steadier than
            // the few calls one instance sent (every instance's view grows alike, with its successes, at most doubling a second).
            var basis = _rate ?? (_fleet ? _allowance / _instances : SendRate(now));
            _refusedAt = basis;
            _rate = Math.Max(MinimumRate, basis * DecreaseFactor);
            _lastDecrease = now;
            _generation++;
            _nextSlot = _pausedUntil;
        }
    }

    private void PauseUntil(DateTimeOffset until)
    {
        _pausedUntil = Later(_pausedUntil, until);
        _nextSlot = Later(_nextSlot, _pausedUntil);
    }

    /// <summary>
    /// Before the platform has refused anything: the first slot from <paramref name="start"/> at which fewer
    /// than the allowance were sent in the second before it. Like TCP's slow start, the allowance grows
    /// with each success, so a burst of callers cannot all hit a limit nobody knows yet, while a platform
    /// without one is soon sent to as fast as it answers.
    /// </summary>
    private DateTimeOffset SlowStart(DateTimeOffset start)
    {
        var asked = start;
        while (true)
        {
            var first = FirstAfter(start - SlowStartWindow);
            var last = FirstAfter(start);
            if (last - first < Allowance)
            {
                break;
            }

            start = Later(start, _sends[last - (int)Math.Ceiling(Allowance)] + SlowStartWindow + TimeSpan.FromTicks(1));
        }

        // Callers that must wait go one by one at the allowance's rate, not all when the window moves on; in a fleet of
        // more than one every call does, so instances starting together do not all begin with a burst.
        if (start > asked || _instances > 1)
        {
            start = Later(start, _slowStartSlot + Interval(Allowance));
        }

        _slowStartSlot = start;
        return start;
    }

    /// <summary>This instance's part of slow start's allowance: a fleet starting together must not send N first bursts (while its size is still changing, the fleet may be twice what this instance has counted).</summary>
    private double Allowance => Math.Max(MinimumRate, _allowance / (_settling ? 2 * _instances : _instances));

    /// <summary>Keeps a send (or reserved slot) in order, forgetting those older than the window.</summary>
    private void Record(DateTimeOffset at)
    {
        var now = _time.GetUtcNow();
        _sends.RemoveRange(0, FirstAfter(now - SendWindow));
        _sends.Insert(FirstAfter(at), at);
    }

    /// <summary>Calls per second sent over the last window; at least the minimum, since a refusal means something was sent.</summary>
    private double SendRate(DateTimeOffset now)
    {
        return Math.Max(MinimumRate, (FirstAfter(now) - FirstAfter(now - SendWindow)) / SendWindow.TotalSeconds);
    }

    /// <summary>The index of the first send later than <paramref name="time"/> (the list is in order).</summary>
    private int FirstAfter(DateTimeOffset time)
    {
        int low = 0, high = _sends.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_sends[middle] <= time)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static TimeSpan Clamp(TimeSpan pause) => pause < TimeSpan.Zero ? TimeSpan.Zero : pause > MaxPause ? MaxPause : pause;

    private static TimeSpan Interval(double rate) => TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / rate));

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    internal static string Shown(double? rate) => rate is not { } value ? "unlimited" : value >= 10 ? $"{value:0}" : $"{value:0.#}";
}
