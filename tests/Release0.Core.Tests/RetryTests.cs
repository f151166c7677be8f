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
        using var connection = sandbox.Connect();

        var session = await new ChatClient(connection).StartAsync("echo");

        Assert.False(session.IsCompleted);
        var attempts = sandbox.Server.Requests.All.Where(r => r.Path == EchoStart).ToList();
        Assert.Equal(2, attempts.Count);

        // The server asked for one second; the retry must not come sooner (a lower bound, not a speed claim).
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(0.95), $"retried after {(attempts[1].At - attempts[0].At).TotalMilliseconds} ms");
        Assert.Contains(sandbox.Log.Lines, l => l.Contains("start chat: attempt 1 failed (HTTP 429); retrying in 1000 ms"));
    }

    [Fact]
    public async Task Rate_limit_reset_header_is_honoured_when_retry_after_is_absent()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("429-reset=1@" + EchoStart);
        using var connection = sandbox.Connect();

        await new ChatClient(connection).StartAsync("echo");

        var attempts = sandbox.Server.Requests.All.Where(r => r.Path == EchoStart).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(0.95));
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
        using var connection = sandbox.Connect(o => o.AttemptTimeout = TimeSpan.FromMilliseconds(300));
        var chats = new ChatClient(connection);
        var session = await chats.StartAsync("echo");
        sandbox.Server.Faults.Add("slow=5000@/api/v1/sessions");

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => chats.ContinueAsync(session, ChatReply.FromText("slow")));

        Assert.Equal(ApiErrorKind.Timeout, error.Kind);
        Assert.Contains("no answer within the attempt timeout of 0.3s", error.Message);
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
        sandbox.Server.Faults.Add("slow=5000@" + EchoStart);
        using var connection = sandbox.Connect(o => o.Deadline = TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new ChatClient(connection).StartAsync("echo"));

        Assert.Equal(ApiErrorKind.Timeout, error.Kind);
        Assert.Contains("no answer within the deadline of 0.3s", error.Message);
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
    }
}
