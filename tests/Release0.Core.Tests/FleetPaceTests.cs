using Release0.Core.Batches;
using Release0.Core.Http.Pacing;

namespace Release0.Core.Tests;

/// <summary>Instances sharing one pace through a store, driven by a manual clock: the platform's pause, the fleet's rate and size, a broken store.</summary>
public sealed class FleetPaceTests
{
    [Fact]
    public async Task A_pause_the_platform_gave_one_instance_makes_the_others_wait_after_their_next_sync()
    {
        var clock = new ManualClock();
        var store = new MemoryPaceStore();
        var ((a, aFleet), (b, bFleet)) = await TwoInstancesAsync(clock, store);

        a.Observe(PacingTests.Refusal(retryAfterSeconds: 5), clock.GetUtcNow());
        clock.Advance(FleetPace.Cadence);
        await TurnAsync(a, aFleet);
        await TurnAsync(b, bFleet);

        // b was never refused, yet waits out what the platform told a (5 s from the refusal, 1 s of which has passed).
        Assert.InRange(b.Backlog(), TimeSpan.FromSeconds(3.9), TimeSpan.FromSeconds(4));
        Assert.Equal(0, b.Report().Refused);
    }

    [Fact]
    public async Task The_fleets_rate_is_shared_out_among_its_active_instances_and_a_leaver_gives_its_share_back()
    {
        var clock = new ManualClock();
        var store = new MemoryPaceStore();
        var instances = await FourInstancesAtTwentyAsync(clock, store);

        Assert.All(instances, i => Assert.Equal(5, i.Governor.Report().Rate!.Value, 3));

        // Three stop calling: once they are no longer seen, the one left sends the whole rate.
        var (last, lastFleet) = instances[0];
        clock.Advance(FleetPaceMerge.ActiveWindow + FleetPace.Cadence);
        await TurnAsync(last, lastFleet);
        Assert.Equal(20, last.Report().Rate!.Value, 3);
    }

    [Fact]
    public async Task An_instance_that_loses_every_race_to_register_still_takes_on_the_fleets_size_and_looks_again_soon()
    {
        var clock = new ManualClock();
        var store = new MemoryPaceStore();
        var others = Enumerable.Range(0, 3).Select(_ => Instance(clock, store)).ToList();
        foreach (var (governor, fleet) in others)
        {
            await TurnAsync(governor, fleet);
        }

        var late = new RateGovernor(clock, maxRate: null);
        var lateFleet = new FleetPace(new NoWritesStore(store), late, clock, new ListLog());
        await TurnAsync(late, lateFleet);

        Assert.Equal(4, late.Learned().Instances);
        var reads = store.Reads;
        clock.Advance(FleetPace.SettlingCadence);
        await TurnAsync(late, lateFleet);
        Assert.True(store.Reads > reads);
    }

    [Fact]
    public async Task A_stray_refusal_cuts_the_fleets_rate_a_little_and_an_overload_that_reaches_every_instance_cuts_it_by_about_a_third()
    {
        var clock = new ManualClock();
        var store = new MemoryPaceStore();
        var instances = await FourInstancesAtTwentyAsync(clock, store);

        // One refused: its share of 5 is cut to 3.5, so the fleet's 20 becomes 18.5.
        clock.Advance(TimeSpan.FromMilliseconds(100));
        var (first, firstFleet) = instances[0];
        first.Observe(PacingTests.Refusal(retryAfterSeconds: 0), clock.GetUtcNow());
        clock.Advance(FleetPace.Cadence);
        await TurnAsync(first, firstFleet);
        Assert.Equal(18.5, store.Document!.Rate!.Value, 3);
        Assert.Equal(20, store.Document!.RefusedAt!.Value, 3);

        // The other three refused in the same overload, before they saw that cut: each cuts its own share, never below 0.7 of the rate.
        foreach (var (governor, _) in instances.Skip(1))
        {
            governor.Observe(PacingTests.Refusal(retryAfterSeconds: 0), clock.GetUtcNow());
        }

        foreach (var (governor, fleet) in instances.Skip(1))
        {
            await TurnAsync(governor, fleet);
        }

        Assert.Equal(14, store.Document!.Rate!.Value, 3);
    }

    [Fact]
    public void The_fleets_rate_grows_fast_back_to_near_the_rate_last_refused_slowly_past_it_and_only_while_instances_send_their_share()
    {
        var now = DateTimeOffset.UnixEpoch.AddDays(1);
        FleetPaceDocument Stored(double rate) => new() { Rate = rate, RefusedAt = 20, ChangedAt = now.AddSeconds(-1), Instances = { ["a"] = now.AddSeconds(-1) } };
        LearnedPace Sending(double rate) => new(null, null, DateTimeOffset.MinValue, DateTimeOffset.MinValue, successes: 10, sendRate: rate, instances: 1);

        Assert.Equal(16.5, FleetPaceMerge.Merge(Stored(15), Sending(15), "a", now, now.AddSeconds(-1), slowStart: false, succeeded: true).Rate!.Value, 3);
        Assert.Equal(18, FleetPaceMerge.Merge(Stored(17), Sending(17), "a", now, now.AddSeconds(-1), slowStart: false, succeeded: true).Rate!.Value, 3);
        Assert.Equal(19.57, FleetPaceMerge.Merge(Stored(19), Sending(19), "a", now, now.AddSeconds(-1), slowStart: false, succeeded: true).Rate!.Value, 3);
        Assert.Equal(23.1, FleetPaceMerge.Merge(Stored(21), Sending(21), "a", now, now.AddSeconds(-1), slowStart: false, succeeded: true).Rate!.Value, 3);

        // Held back by its callers (sending half its share), the fleet learns nothing about a higher rate.
        Assert.Equal(15, FleetPaceMerge.Merge(Stored(15), Sending(7.5), "a", now, now.AddSeconds(-1), slowStart: false, succeeded: true).Rate!.Value, 3);
    }

    [Fact]
    public async Task Refusals_just_after_the_fleets_first_estimate_belong_to_the_burst_that_ended_slow_start()
    {
        var clock = new ManualClock();
        var store = new MemoryPaceStore();
        var ((a, aFleet), (b, bFleet)) = await TwoInstancesAsync(clock, store);
        for (var i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(300));
            await TurnAsync(a, aFleet);
        }

        a.Observe(PacingTests.Refusal(retryAfterSeconds: 0), clock.GetUtcNow());
        clock.Advance(FleetPace.Cadence);
        await TurnAsync(a, aFleet);
        await TurnAsync(b, bFleet);
        var estimate = store.Document!.Rate!.Value;

        clock.Advance(TimeSpan.FromMilliseconds(500));
        b.Observe(PacingTests.Refusal(retryAfterSeconds: 0), clock.GetUtcNow());
        clock.Advance(FleetPace.Cadence);
        await TurnAsync(b, bFleet);
        Assert.Equal(estimate, store.Document!.Rate!.Value, 3);

        // Later, a refusal is news again: it cuts b's share.
        clock.Advance(FleetPaceMerge.Aftershock);
        await TurnAsync(b, bFleet);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        b.Observe(PacingTests.Refusal(retryAfterSeconds: 0), clock.GetUtcNow());
        clock.Advance(FleetPace.Cadence);
        await TurnAsync(b, bFleet);
        Assert.True(store.Document!.Rate!.Value < estimate);
    }

    [Fact]
    public void Slow_start_estimates_that_come_in_just_after_the_first_are_averaged_into_the_fleets_rate()
    {
        var now = DateTimeOffset.UnixEpoch.AddDays(1);
        var stored = new FleetPaceDocument { Rate = 10, RefusedAt = 10 / 0.9, Estimates = 1, EstimatedAt = now.AddSeconds(-1), CutAt = now.AddSeconds(-1), ChangedAt = now.AddSeconds(-1), Instances = { ["a"] = now.AddSeconds(-1), ["b"] = now.AddSeconds(-1) } };
        var cutFromSlowStart = new LearnedPace(rate: 10, refusedAt: 14.3, DateTimeOffset.MinValue, lastDecrease: now.AddMilliseconds(-500), successes: 3, sendRate: 2, instances: 2);

        var merged = FleetPaceMerge.Merge(stored, cutFromSlowStart, "b", now, now.AddSeconds(-2), slowStart: true, succeeded: true);

        Assert.Equal(15, merged.Rate!.Value, 3);
        Assert.Equal(2, merged.Estimates);

        // Past the burst that ended slow start, a late slow-start estimate says nothing new.
        var later = FleetPaceMerge.Merge(stored, cutFromSlowStart, "b", now.Add(FleetPaceMerge.Aftershock), now.AddSeconds(-2), slowStart: true, succeeded: false);
        Assert.Equal(10, later.Rate!.Value, 3);
    }

    [Fact]
    public async Task A_refusal_cuts_the_fleets_rate_once_and_another_instances_refusals_before_it_saw_the_cut_do_not_cut_again()
    {
        var clock = new ManualClock();
        var store = new MemoryPaceStore();
        var ((a, aFleet), (b, bFleet)) = await TwoInstancesAsync(clock, store);
        store.Edit(document => document.Rate = 20);
        clock.Advance(FleetPace.Cadence);
        await TurnAsync(a, aFleet);
        await TurnAsync(b, bFleet);

        // Both are refused in the same overload; a syncs first.
        clock.Advance(TimeSpan.FromMilliseconds(100));
        a.Observe(PacingTests.Refusal(retryAfterSeconds: 0), clock.GetUtcNow());
        b.Observe(PacingTests.Refusal(retryAfterSeconds: 0), clock.GetUtcNow());
        clock.Advance(FleetPace.Cadence);
        await TurnAsync(a, aFleet);
        await TurnAsync(b, bFleet);
        Assert.Equal(14, store.Document!.Rate!.Value, 3);

        clock.Advance(FleetPace.Cadence);
        await TurnAsync(b, bFleet);
        Assert.Equal(14, store.Document!.Rate!.Value, 3);
        Assert.Equal(7, b.Report().Rate!.Value, 3);
    }

    [Fact]
    public async Task A_store_that_fails_is_one_warning_and_the_instance_paces_on_what_it_learns()
    {
        var clock = new ManualClock();
        var log = new ListLog();
        var governor = new RateGovernor(clock, maxRate: 4);
        var fleet = new FleetPace(new FailingPaceStore(), governor, clock, log);

        for (var i = 0; i < 3; i++)
        {
            await TurnAsync(governor, fleet);
            clock.Advance(FleetPace.Cadence);
        }

        var warning = Assert.Single(log.Lines);
        Assert.Equal("Warning: shared pace: the test's pace blob failed (InvalidOperationException: the test's pace blob could not be read: HTTP 503 ServerBusy); this instance paces on what it learns itself until it works again", warning);
        Assert.Equal(4, governor.Report().Rate!.Value, 3);
    }

    [Fact]
    public async Task A_document_that_is_not_a_pace_is_replaced_by_the_next_sync()
    {
        var clock = new ManualClock();
        var store = new MemoryPaceStore();
        await store.TryWriteAsync("<html>not ours</html>", null, CancellationToken.None);
        var (governor, fleet) = Instance(clock, store);

        await TurnAsync(governor, fleet);

        Assert.NotNull(store.Document);
        Assert.Single(store.Document!.Instances);
    }

    /// <summary>Four instances that know each other and have taken on a fleet rate of 20 calls a second.</summary>
    private static async Task<List<(RateGovernor Governor, FleetPace Fleet)>> FourInstancesAtTwentyAsync(ManualClock clock, MemoryPaceStore store)
    {
        var instances = Enumerable.Range(0, 4).Select(_ => Instance(clock, store)).ToList();
        foreach (var (governor, fleet) in instances)
        {
            await TurnAsync(governor, fleet);
        }

        store.Edit(document => document.Rate = 20);
        clock.Advance(FleetPace.Cadence);
        foreach (var (governor, fleet) in instances)
        {
            await TurnAsync(governor, fleet);
        }

        return instances;
    }

    /// <summary>Two instances that have each synced once, so each knows the other.</summary>
    private static async Task<((RateGovernor, FleetPace) A, (RateGovernor, FleetPace) B)> TwoInstancesAsync(ManualClock clock, IFleetPaceStore store)
    {
        var a = Instance(clock, store);
        var b = Instance(clock, store);
        await TurnAsync(a.Governor, a.Fleet);
        await TurnAsync(b.Governor, b.Fleet);
        return (a, b);
    }

    private static (RateGovernor Governor, FleetPace Fleet) Instance(ManualClock clock, IFleetPaceStore store)
    {
        var governor = new RateGovernor(clock, maxRate: null);
        return (governor, new FleetPace(store, governor, clock, new ListLog()));
    }

    /// <summary>One call's turn: the sync the fleet starts (an in-memory store answers at once), then the send slot.</summary>
    private static async Task TurnAsync(RateGovernor governor, FleetPace fleet)
    {
        await fleet.BeforeSendAsync(CancellationToken.None);
        var turn = governor.WaitTurnAsync(static (_, _, _) => { }, 0, CancellationToken.None);
        if (turn.IsCompleted)
        {
            await turn;
        }
    }

    /// <summary>The pace blob in memory, with its ETag condition.</summary>
    private sealed class MemoryPaceStore : IFleetPaceStore
    {
        private VersionedText? _stored;
        private int _version;

        public string Name => "the test's pace blob";

        public FleetPaceDocument? Document => _stored is null ? null : FleetPaceDocument.Read(_stored.Text);

        public void Edit(Action<FleetPaceDocument> change)
        {
            var document = Document!;
            change(document);
            _stored = new VersionedText(document.Write(), (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        public int Reads { get; private set; }

        public Task<VersionedText?> ReadAsync(CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult(_stored);
        }

        public Task<bool> TryWriteAsync(string text, string? version, CancellationToken cancellationToken)
        {
            if (_stored?.Version != version)
            {
                return Task.FromResult(false);
            }

            _stored = new VersionedText(text, (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return Task.FromResult(true);
        }
    }

    /// <summary>Reads the fleet's blob, but loses every race to write it.</summary>
    private sealed class NoWritesStore(MemoryPaceStore inner) : IFleetPaceStore
    {
        public string Name => inner.Name;

        public Task<VersionedText?> ReadAsync(CancellationToken cancellationToken) => inner.ReadAsync(cancellationToken);

        public Task<bool> TryWriteAsync(string text, string? version, CancellationToken cancellationToken) => Task.FromResult(false);
    }

    private sealed class FailingPaceStore : IFleetPaceStore
    {
        public string Name => "the test's pace blob";

        public Task<VersionedText?> ReadAsync(CancellationToken cancellationToken) =>
            Task.FromException<VersionedText?>(new InvalidOperationException($"{Name} could not be read: HTTP 503 ServerBusy"));

        public Task<bool> TryWriteAsync(string text, string? version, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
