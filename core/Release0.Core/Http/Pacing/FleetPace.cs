using Release0.Core.Timing;

namespace Release0.Core.Http.Pacing;

/// <summary>
/// Shares a connection's pace with the other instances of its fleet through an <see cref="IFleetPaceStore"/>:
/// at most once per <see cref="Cadence"/>, while calls are being made, it reads the shared document, merges
/// what this instance learned (<see cref="FleetPaceMerge"/>), writes it back if that changed something, and
/// gives the governor its share. Idle instances touch no storage. The first sync is awaited (briefly) so a new
/// instance starts at its share; later ones run beside the calls. Store failures are warnings: the
/// connection then keeps the pace it learned itself.
/// </summary>
internal sealed class FleetPace
{
    public static readonly TimeSpan Cadence = TimeSpan.FromSeconds(1);

    /// <summary>
    /// While the fleet's size is still changing (instances starting together register one by one), syncs come this
    /// soon: an instance that registered first must not go on believing it is alone, sending the whole fleet's allowance.
    /// </summary>
    public static readonly TimeSpan SettlingCadence = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest a first call waits for the first sync; a slow store must not hold calls back.</summary>
    private static readonly TimeSpan FirstSyncLimit = TimeSpan.FromSeconds(2);

    /// <summary>Each lost race means another instance's write went in; a fleet starting together needs a few rounds to register every instance.</summary>
    private const int MaxWriteAttempts = 8;

    private readonly IFleetPaceStore _store;
    private readonly RateGovernor _governor;
    private readonly TimeProvider _time;
    private readonly IRelease0Log _log;
    private readonly string _id = Guid.NewGuid().ToString("N");
    private readonly object _gate = new();
    private Lazy<Task>? _first;
    private bool _syncing;
    private DateTimeOffset _lastStarted = DateTimeOffset.MinValue;
    private DateTimeOffset _lastSync = DateTimeOffset.MinValue;
    private long _successes;
    private bool _failing;
    private double? _sharedRate;

    /// <summary>Whether this instance has counted the fleet yet: its first count is a change (others may still be registering).</summary>
    private bool _counted;

    private TimeSpan _cadence = Cadence;

    public FleetPace(IFleetPaceStore store, RateGovernor governor, TimeProvider time, IRelease0Log log)
    {
        _store = store;
        _governor = governor;
        _time = time;
        _log = log;
    }

    /// <summary>Syncs when the last sync is older than the cadence; the first time, waits for it (at most <see cref="FirstSyncLimit"/>).</summary>
    public async ValueTask BeforeSendAsync(CancellationToken cancellationToken)
    {
        Lazy<Task> first;
        var startNow = false;
        lock (_gate)
        {
            if (_first is null)
            {
                _syncing = true;
                _lastStarted = _time.GetUtcNow();
                _first = new Lazy<Task>(SyncAsync);
            }
            else if (_first.IsValueCreated && _first.Value.IsCompleted && !_syncing && _time.GetUtcNow() - _lastStarted >= _cadence)
            {
                _syncing = true;
                _lastStarted = _time.GetUtcNow();
                startNow = true;
            }

            first = _first;
        }

        if (startNow)
        {
            _ = SyncAsync();
            return;
        }

        var sync = first.Value;
        if (!sync.IsCompleted)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            await Task.WhenAny(sync, TimeProviderDelay.Delay(_time, FirstSyncLimit, stop.Token)).ConfigureAwait(false);
            stop.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    // Not on a caller's token: the sync serves every call of the connection, and the store has its own timeouts.
    private async Task SyncAsync()
    {
        try
        {
            FleetPaceDocument? merged = null;
            for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
            {
                var stored = await _store.ReadAsync(CancellationToken.None).ConfigureAwait(false);
                var document = stored is null ? null : FleetPaceDocument.Read(stored.Text);
                var now = _time.GetUtcNow();
                var local = _governor.Learned();
                merged = FleetPaceMerge.Merge(document, local, _id, now, _lastSync, _sharedRate is null, local.Successes > _successes);
                if (!FleetPaceMerge.NeedsWrite(document, merged, _id, now)
                    || await _store.TryWriteAsync(merged.Write(), stored?.Version, CancellationToken.None).ConfigureAwait(false))
                {
                    Adopt(merged, now, local);
                    return;
                }
            }

            // Every race lost: what this instance learned is written next time, but it takes on the fleet's size and pause now.
            if (merged is not null)
            {
                _counted = true;
                _cadence = SettlingCadence;
                _governor.Share(null, merged.PausedUntil, merged.Instances.Count, settling: true, at: _time.GetUtcNow());
            }
        }
        catch (Exception ex)
        {
            // Said once until the store works again: a broken store must not flood the log every second.
            if (!_failing)
            {
                _failing = true;
                _log.Write(Release0LogLevel.Warning, $"shared pace: {_store.Name} failed ({ex.GetType().Name}: {FirstLine(ex.Message)}); this instance paces on what it learns itself until it works again");
            }
        }
        finally
        {
            lock (_gate)
            {
                _syncing = false;
            }
        }
    }

    private void Adopt(FleetPaceDocument merged, DateTimeOffset now, LearnedPace local)
    {
        var changed = !_counted || merged.Instances.Count != local.Instances;
        _counted = true;
        _failing = false;
        _successes = local.Successes;
        _lastSync = now;
        _sharedRate = merged.Rate;
        _cadence = changed ? SettlingCadence : Cadence;
        _governor.Share(merged.Rate / merged.Instances.Count, merged.PausedUntil, merged.Instances.Count, changed, now);
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message.Substring(0, end);
    }
}
