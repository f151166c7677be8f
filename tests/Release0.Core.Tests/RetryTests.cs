using Release0.Core.Chats;
using Release0.Core.Http;

namespace Release0.Core.Tests;

/// <summary>Retry rules from DESIGN.md, checked by what the sandbox actually received.</summary>
public sealed class RetryTests
{
    private const string EchoStart = "/api/v1/agents/echo/start";

    [Fact]
    public async Task Rate_limited_start_waits_for_retry_after_then_succeeds()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("429=1@" + EchoStart);
        var clock = new ManualClock();
        using var connection = sandbox.Connect(time: clock);

        var start = new ChatClient(connection).StartAsync("echo");

        // The server asked for one second: nothing is resent until that second has passed.
        await clock.WhenWaitingAsync(TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(0.999));
        Assert.Equal(1, sandbox.Server.Requests.Count(EchoStart));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var session = await start;

        Assert.False(session.IsCompleted);
        Assert.Equal(2, sandbox.Server.Requests.Count(EchoStart));
        Assert.Contains(sandbox.Log.Lines, l => l.Contains("start chat: attempt 1 failed (HTTP 429); retrying in 1000 ms"));
        var wait = Assert.Single(sandbox.Waits.All);
        Assert.Equal(Release0WaitKind.Retry, wait.Kind);
        Assert.Equal("start chat: attempt 1 of 4 failed (HTTP 429 Too Many Requests); retrying in 1s", wait.ToString());
    }

    [Fact]
    public async Task Rate_limit_reset_header_is_honoured_when_retry_after_is_absent()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("429-reset=5@" + EchoStart);
        var clock = new ManualClock();
        using var connection = sandbox.Connect(time: clock);

        var start = new ChatClient(connection).StartAsync("echo");

        // The reset is a whole epoch second 5 s ahead of the server's clock: at least 4 s from now, at most 6 s.
        await clock.WhenWaitingAsync(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
        clock.Advance(TimeSpan.FromSeconds(3.9));
        Assert.Equal(1, sandbox.Server.Requests.Count(EchoStart));
        var wait = Assert.Single(sandbox.Waits.All);
        Assert.InRange(wait.Delay, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));
        clock.Advance(wait.Delay - TimeSpan.FromSeconds(3.9));
        await start;

        Assert.Equal(2, sandbox.Server.Requests.Count(EchoStart));
    }

    [Fact]
    public async Task Unavailable_is_retried_even_for_a_continue()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection);
        var session = await chats.StartAsync("echo");
        sandbox.Server.Faults.Add("503=0*2@/api/v1/sessions");

        var turn = await chats.ContinueAsync(session, ChatReply.FromText("ping"));

        Assert.Equal("You said: ping", turn.Messages.Single().Text);
        Assert.Equal(3, sandbox.Server.Requests.Count("/api/v1/sessions"));
    }

    [Fact]
    public async Task A_continue_is_never_resent_after_a_500()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection);
        var session = await chats.StartAsync("echo");
        sandbox.Server.Faults.Add("500@/api/v1/sessions");

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => chats.ContinueAsync(session, ChatReply.FromText("once")));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal("INTERNAL_SERVER_ERROR", error.ErrorCode);
        Assert.Equal(1, sandbox.Server.Requests.Count("/api/v1/sessions"));
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task A_dropped_connection_on_start_is_reported_and_not_resent()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("drop@" + EchoStart);
        using var connection = sandbox.Connect();

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new ChatClient(connection).StartAsync("echo"));

        Assert.Equal(ApiErrorKind.Network, error.Kind);
        Assert.Null(error.StatusCode);
        Assert.Contains("connection failed or dropped", error.Message);
        Assert.Contains("not retried: the server may have acted on it", error.Message);
        Assert.Equal(1, sandbox.Server.Requests.Count(EchoStart));
    }

    [Fact]
    public async Task A_slow_continue_times_out_per_attempt_and_is_not_resent()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var clock = new ManualClock();
        using var connection = sandbox.Connect(o => o.AttemptTimeout = TimeSpan.FromSeconds(10), time: clock);
        var chats = new ChatClient(connection);
        var session = await chats.StartAsync("echo");
        sandbox.Server.Faults.Add("slow=600000@/api/v1/sessions");

        var send = chats.ContinueAsync(session, ChatReply.FromText("slow"));
        await sandbox.Server.Requests.WhenReceived("/api/v1/sessions");
        await clock.WhenWaitingAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(10));
        var error = await Assert.ThrowsAsync<Release0ApiException>(() => send);

        Assert.Equal(ApiErrorKind.Timeout, error.Kind);
        Assert.Contains("no answer within the attempt timeout of 10s (not retried: the server may have acted on it)", error.Message);
        Assert.Equal(1, sandbox.Server.Requests.Count("/api/v1/sessions"));
    }

    [Fact]
    public async Task A_retry_after_beyond_the_deadline_fails_at_once_with_the_server_answer()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("429=3600@" + EchoStart);
        using var connection = sandbox.Connect();

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new ChatClient(connection).StartAsync("echo"));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Contains("server asked to retry after 3600s", error.Message);
        Assert.Equal(1, sandbox.Server.Requests.Count(EchoStart));
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_count()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("503=0*10@" + EchoStart);
        using var connection = sandbox.Connect(o => o.MaxRetries = 2);

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new ChatClient(connection).StartAsync("echo"));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(3, error.Attempts);
        Assert.Contains("after 3 attempts", error.Message);
        Assert.Equal(3, sandbox.Server.Requests.Count(EchoStart));
    }

    [Fact]
    public async Task The_overall_deadline_ends_an_operation_as_a_timeout()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("slow=600000@" + EchoStart);
        var clock = new ManualClock();
        using var connection = sandbox.Connect(o => o.Deadline = TimeSpan.FromSeconds(5), time: clock);

        var start = new ChatClient(connection).StartAsync("echo");
        await sandbox.Server.Requests.WhenReceived(EchoStart);
        clock.Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<Release0ApiException>(() => start);

        Assert.Equal(ApiErrorKind.Timeout, error.Kind);
        Assert.Contains("no answer within the deadline of 5s", error.Message);
    }

    [Fact]
    public async Task Caller_cancellation_is_cancellation_not_an_api_error()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("slow=5000@" + EchoStart);
        using var connection = sandbox.Connect();
        using var cancel = new CancellationTokenSource();
        var start = new ChatClient(connection).StartAsync("echo", cancellationToken: cancel.Token);

        // Cancel once the request has reached the server, so it is in flight.
        await sandbox.Server.Requests.WhenReceived(EchoStart);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_because_nothing_was_sent()
    {
        // Nothing listens on this port once the sandbox is gone, so every attempt is refused.
        var sandbox = await Sandbox.StartAsync();
        var options = sandbox.Options();
        options.MaxRetries = 1;
        await sandbox.DisposeAsync();
        var log = new ListLog();
        using var connection = new Connection.Release0Connection(options, log);

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new ChatClient(connection).StartAsync("echo"));

        Assert.Equal(ApiErrorKind.Network, error.Kind);
        Assert.Equal(2, error.Attempts);
        Assert.Contains("could not connect: Connection refused", error.Message);
        Assert.Contains("; nothing was sent", error.Message);
        Assert.DoesNotContain("may have acted on it", error.Message);
    }
}
