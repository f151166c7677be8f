using System.Net;
using Release0.Core.Http.Pacing;

namespace Release0.Core.Tests;

/// <summary>The connection's governor, driven by a manual clock: who waits, for how long, and how the rate is learned.</summary>
public sealed class PacingTests
{
    [Fact]
    public async Task A_new_connection_sends_16_calls_a_second_and_one_more_for_each_success_until_the_platform_refuses_one()
    {
        var clock = new ManualClock();
        var pace = new RateGovernor(clock, maxRate: null);
        var started = clock.GetUtcNow();

        var first = Enumerable.Range(0, 16).Select(_ => TurnAsync(pace)).ToList();
        Assert.All(first, t => Assert.True(t.IsCompletedSuccessfully));

        // Four answers allow four more at once; the next waits until the first call is a second old.
        foreach (var turn in first.Take(4))
        {
            pace.Observe(new HttpResponseMessage(HttpStatusCode.OK), await turn);
        }

        var more = Enumerable.Range(0, 5).Select(_ => TurnAsync(pace)).ToList();
        Assert.Equal([true, true, true, true, false], more.Select(t => t.IsCompleted));
        await clock.WhenWaitingAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.001));
        clock.Advance(TimeSpan.FromSeconds(1.001));
        Assert.InRange(await more[4], started.AddSeconds(1), started.AddSeconds(1.001));
        Assert.Null(pace.Report().Rate);
        Assert.Equal("21 calls, none refused", pace.Report().ToString());
    }

    [Fact]
    public async Task Callers_queued_in_slow_start_look_again_each_second_so_a_grown_allowance_reaches_them()
    {
        var clock = new ManualClock();
        var pace = new RateGovernor(clock, maxRate: null);
        var first = Enumerable.Range(0, 16).Select(_ => TurnAsync(pace)).ToList();
        var queued = Enumerable.Range(0, 40).Select(_ => TurnAsync(pace)).ToList();
        foreach (var turn in first)
        {
            pace.Observe(new HttpResponseMessage(HttpStatusCode.OK), await turn);
        }

        // Sixteen successes doubled the allowance: a second on, the queued callers go at 32 a second, not at the 16 they queued at
        // (holding their first slots, 16 of them would have gone by now).
        clock.Advance(TimeSpan.FromSeconds(1.001));
        await Task.Yield();
        clock.Advance(TimeSpan.FromSeconds(0.5));
        await Task.Yield();
        Assert.True(queued.Count(t => t.IsCompleted) >= 24, $"{queued.Count(t => t.IsCompleted)} of the queued callers sent");
    }

    [Fact]
    public async Task A_refusal_with_retry_after_makes_every_caller_wait_not_only_the_refused_one()
    {
        var clock = new ManualClock();
        var pace = new RateGovernor(clock, maxRate: null);
        var sentAt = await TurnAsync(pace);

        pace.Observe(Refusal(retryAfterSeconds: 3), sentAt);
        var others = Enumerable.Range(0, 3).Select(_ => TurnAsync(pace)).ToList();

        await clock.WhenWaitingAsync(TimeSpan.FromSeconds(3));
        clock.Advance(TimeSpan.FromSeconds(2.999));
        Assert.All(others, o => Assert.False(o.IsCompleted));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(clock.GetUtcNow(), await others[0]);
        Assert.Equal(1, pace.Report().Refused);
    }

    [Fact]
    public async Task A_pause_asked_for_while_callers_wait_moves_them_behind_it()
    {
        var clock = new ManualClock();
        var pace = new RateGovernor(clock, maxRate: 1);
        await TurnAsync(pace);
        var second = TurnAsync(pace);
        await clock.WhenWaitingAsync(TimeSpan.FromSeconds(1));

        pace.Observe(Refusal(retryAfterSeconds: 5), clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(second.IsCompleted);

        await clock.WhenWaitingAsync(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.True((await second) >= clock.GetUtcNow() - TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_maximum_rate_spaces_calls_and_tells_the_waiter_why()
    {
        var clock = new ManualClock();
        var pace = new RateGovernor(clock, maxRate: 4);
        var waits = new List<string>();
        var started = clock.GetUtcNow();

        Assert.Equal(started, await pace.WaitTurnAsync(static (list, reason, delay) => list.Add($"{reason} ({delay.TotalMilliseconds} ms)"), waits, CancellationToken.None));
        var second = pace.WaitTurnAsync(static (list, reason, delay) => list.Add($"{reason} ({delay.TotalMilliseconds} ms)"), waits, CancellationToken.None).AsTask();

        Assert.Equal(["paced to about 4 calls/s (250 ms)"], waits);
        await clock.WhenWaitingAsync(TimeSpan.FromMilliseconds(250));
        clock.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(started.AddMilliseconds(250), await second);
    }

    [Fact]
    public async Task The_rate_drops_by_a_factor_on_refusal_and_grows_back_gently_up_to_the_maximum()
    {
        var clock = new ManualClock();
        var pace = new RateGovernor(clock, maxRate: 20);

        // Sent at 20 calls/s for a second, then refused: the rate drops to 14.
        for (var i = 0; i < 20; i++)
        {
            await Drive(clock, pace);
        }

        var refusedAt = await Drive(clock, pace);
        pace.Observe(Refusal(retryAfterSeconds: 0), refusedAt);
        Assert.Equal(14, pace.Report().Rate!.Value, 3);

        // A refusal of a call sent before that decrease is the same overload: no second cut.
        pace.Observe(Refusal(retryAfterSeconds: 0), refusedAt - TimeSpan.FromMilliseconds(10));
        Assert.Equal(14, pace.Report().Rate!.Value, 3);

        // Successes grow it by at most 10 % a second, never past the maximum.
        for (var i = 0; i < 100; i++)
        {
            var sent = await Drive(clock, pace);
            pace.Observe(new HttpResponseMessage(HttpStatusCode.OK), sent);
        }

        Assert.Equal(20, pace.Report().Rate!.Value, 3);
        Assert.Equal("paced to about 20 calls/s; 2 of 121 calls refused", pace.Report().ToString());
    }

    [Fact]
    public async Task A_used_up_window_pauses_everyone_until_its_reset_and_an_impossible_reset_is_ignored()
    {
        var clock = new ManualClock();
        var pace = new RateGovernor(clock, maxRate: null);
        var answer = new HttpResponseMessage(HttpStatusCode.OK);
        answer.Headers.Add("X-RateLimit-Remaining", "0");
        answer.Headers.Add("X-RateLimit-Reset", (clock.GetUtcNow().ToUnixTimeSeconds() + 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
        pace.Observe(answer, await TurnAsync(pace));
        Assert.InRange(pace.Backlog(), TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10));

        var hostile = new HttpResponseMessage((HttpStatusCode)429);
        hostile.Headers.Add("X-RateLimit-Reset", "99999999999999");
        pace.Observe(hostile, clock.GetUtcNow());
        Assert.InRange(pace.Backlog(), TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(10));
    }

    private static Task<DateTimeOffset> TurnAsync(RateGovernor pace) =>
        pace.WaitTurnAsync(static (_, _, _) => { }, 0, CancellationToken.None).AsTask();

    /// <summary>Takes a turn, moving the clock on to the slot it was given.</summary>
    private static async Task<DateTimeOffset> Drive(ManualClock clock, RateGovernor pace)
    {
        var turn = TurnAsync(pace);
        if (!turn.IsCompleted)
        {
            await clock.WhenWaitingAsync(TimeSpan.FromTicks(1), TimeSpan.FromMinutes(1));
            clock.Advance(pace.Backlog());
        }

        return await turn;
    }

    internal static HttpResponseMessage Refusal(int retryAfterSeconds)
    {
        var response = new HttpResponseMessage((HttpStatusCode)429);
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
        return response;
    }
}
