using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Core.Messages;

namespace Release0.Core.Tests;

public sealed class AgentMessageTests
{
    [Fact]
    public async Task A_whole_reply_carries_text_conversation_and_metadata_and_continues()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var agents = new AgentMessageClient(connection);

        var first = await agents.SendAsync("echo", "hello there");
        var second = await agents.SendAsync("echo", "again", first.ConversationId);

        Assert.Equal("Echo #1: hello there", first.Response);
        Assert.StartsWith("conv_", first.ConversationId);
        Assert.Equal("sandbox-echo", first.Model);
        Assert.Equal(4, first.Tokens);
        Assert.True(first.IsComplete);
        Assert.Equal("Echo #2: again", second.Response);
        Assert.Equal(first.ConversationId, second.ConversationId);
        Assert.Equal(first.Response, first.Raw!.Value.GetProperty("response").GetString());
    }

    [Fact]
    public async Task A_streamed_reply_arrives_in_chunks_and_ends_with_the_whole_result()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var stream = new AgentMessageClient(connection).Stream("slow-stream", "status report");

        var chunks = new List<string>();
        await foreach (var chunk in stream)
        {
            chunks.Add(chunk);
        }

        Assert.Equal(["Streaming ", "reply ", "to: ", "status ", "report"], chunks);
        Assert.Equal("Streaming reply to: status report", stream.Result!.Response);
        Assert.True(stream.Result.IsComplete);
        Assert.StartsWith("conv_", stream.Result.ConversationId);
        Assert.Equal("sandbox-slow-stream", stream.Result.Model);
        Assert.Throws<InvalidOperationException>(() => stream.GetAsyncEnumerator());
    }

    [Fact]
    public async Task The_first_chunk_is_delivered_before_the_last_one_is_sent()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var stream = new AgentMessageClient(connection).Stream("gated-stream", "go");
        await using var chunks = stream.GetAsyncEnumerator();

        // The sandbox holds the rest of the reply until the gate opens, so this chunk cannot have been buffered behind it.
        Assert.True(await chunks.MoveNextAsync());
        Assert.Equal("First chunk. ", chunks.Current);
        Assert.Null(stream.Result);

        sandbox.Server.StreamGate.Open();
        var rest = new List<string>();
        while (await chunks.MoveNextAsync())
        {
            rest.Add(chunks.Current);
        }

        Assert.Equal(["Second chunk. ", "Last chunk."], rest);
        Assert.Equal("First chunk. Second chunk. Last chunk.", stream.Result!.Response);
    }

    [Fact]
    public async Task A_streamed_conversation_can_be_continued_without_streaming()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var agents = new AgentMessageClient(connection);
        var stream = agents.Stream("echo", "one");
        await foreach (var _ in stream)
        {
        }

        var next = await agents.SendAsync("echo", "two", stream.Result!.ConversationId);

        Assert.Equal("Echo #2: two", next.Response);
    }

    [Fact]
    public async Task A_cut_stream_is_reported_incomplete_with_the_text_so_far_kept()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var stream = new AgentMessageClient(connection).Stream("cut-stream", "hi");
        var received = new List<string>();

        var error = await Assert.ThrowsAsync<Release0ApiException>(async () =>
        {
            await foreach (var chunk in stream)
            {
                received.Add(chunk);
            }
        });

        Assert.Equal(ApiErrorKind.IncompleteResponse, error.Kind);
        Assert.Contains("the reply is incomplete: the stream ended before [DONE] after 26 characters", error.Message);
        Assert.Equal(3, received.Count);
        Assert.False(stream.Result!.IsComplete);
        Assert.Equal("This reply will be cut off", stream.Result.Response);
    }

    [Fact]
    public async Task An_error_event_inside_a_stream_becomes_the_api_exception()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var stream = new AgentMessageClient(connection).Stream("error-stream", "hi");

        var error = await Assert.ThrowsAsync<Release0ApiException>(async () =>
        {
            await foreach (var _ in stream)
            {
            }
        });

        Assert.Equal(ApiErrorKind.StreamError, error.Kind);
        Assert.Equal("ApplicationError", error.ErrorCode);
        Assert.Equal("Model overloaded, try again later", error.ApiMessage);
        Assert.Equal("Starting to answer", stream.Result!.Response);
    }

    [Fact]
    public async Task A_silent_stream_times_out_on_the_idle_timeout()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var clock = new ManualClock();
        using var connection = sandbox.Connect(time: clock);
        var stream = new AgentMessageClient(connection).Stream("gated-stream", "hi", options: new AgentStreamOptions { IdleTimeout = TimeSpan.FromSeconds(20) });
        await using var chunks = stream.GetAsyncEnumerator();
        Assert.True(await chunks.MoveNextAsync());

        // The gate stays shut: the next read sees nothing until the idle timeout runs out.
        var next = chunks.MoveNextAsync().AsTask();
        await clock.WhenWaitingAsync(TimeSpan.FromSeconds(20));
        clock.Advance(TimeSpan.FromSeconds(20));
        var error = await Assert.ThrowsAsync<Release0ApiException>(() => next);

        Assert.Equal(ApiErrorKind.Timeout, error.Kind);
        Assert.Contains("no data for 20s; 13 characters received", error.Message);
        Assert.Equal("First chunk. ", stream.Result!.Response);
    }

    [Fact]
    public async Task Without_keeping_text_only_the_length_is_known()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var stream = new AgentMessageClient(connection).Stream("long-stream", "100000", options: new AgentStreamOptions { KeepText = false });
        long seen = 0;

        await foreach (var chunk in stream)
        {
            seen += chunk.Length;
        }

        Assert.Equal(100_000, seen);
        Assert.Equal(100_000, stream.Result!.Length);
        Assert.Null(stream.Result.Response);
        Assert.True(stream.Result.IsComplete);
    }

    [Fact]
    public async Task Unknown_slug_is_a_not_found_error()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new AgentMessageClient(connection).SendAsync("no-such-agent", "hi"));

        Assert.Equal((404, "NotFoundError", "Agent 'no-such-agent' not found"), (error.StatusCode!.Value, error.ErrorCode, error.ApiMessage));
    }

    [Fact]
    public async Task A_missing_token_is_an_unauthorized_error_for_send_and_stream()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect(withToken: false);
        var agents = new AgentMessageClient(connection);

        var sent = await Assert.ThrowsAsync<Release0ApiException>(() => agents.SendAsync("echo", "hi"));
        var streamed = await Assert.ThrowsAsync<Release0ApiException>(async () =>
        {
            await foreach (var _ in agents.Stream("echo", "hi"))
            {
            }
        });

        Assert.Equal((401, "UnauthorizedError"), (sent.StatusCode!.Value, sent.ErrorCode));
        Assert.Equal((401, "UnauthorizedError"), (streamed.StatusCode!.Value, streamed.ErrorCode));
    }

    [Fact]
    public async Task An_unknown_conversation_is_not_found()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new AgentMessageClient(connection).SendAsync("echo", "hi", "conv_missing"));

        Assert.Equal("Conversation 'conv_missing' not found", error.ApiMessage);
    }

    [Fact]
    public async Task Empty_slug_or_message_is_refused_before_sending()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var agents = new AgentMessageClient(connection);

        Assert.Equal("message", (await Assert.ThrowsAsync<Release0ConfigurationException>(() => agents.SendAsync("echo", "  "))).Setting);
        Assert.Equal("slug", Assert.Throws<Release0ConfigurationException>(() => agents.Stream("", "hi")).Setting);
        Assert.Empty(sandbox.Server.Requests.All);
    }

    [Fact]
    public async Task Rate_limit_reset_header_alone_is_honoured()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var clock = new ManualClock();
        using var connection = sandbox.Connect(time: clock);

        var send = new AgentMessageClient(connection).SendAsync("rate-limited", "hi");

        // The window resets at a whole epoch second 2 s ahead: nothing is resent before then.
        await clock.WhenWaitingAsync(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        var wait = Assert.Single(sandbox.Waits.All);
        Assert.InRange(wait.Delay, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        clock.Advance(wait.Delay - TimeSpan.FromMilliseconds(1));
        Assert.Single(sandbox.Server.Requests.All);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var reply = await send;

        Assert.Equal("Echo #1: hi", reply.Response);
        Assert.Equal(2, sandbox.Server.Requests.All.Count);
    }

    [Fact]
    public async Task Retry_after_on_429_is_honoured_for_a_stream_too()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("429=1@/v1/api/chat");
        using var connection = sandbox.Connect();
        var stream = new AgentMessageClient(connection).Stream("echo", "hi");

        await foreach (var _ in stream)
        {
        }

        Assert.Equal("Echo #1: hi", stream.Result!.Response);
        Assert.Contains(sandbox.Log.Lines, l => l.Contains("stream agent message: attempt 1 failed (HTTP 429); retrying in 1000 ms"));
    }

    [Fact]
    public async Task A_message_is_not_resent_after_a_500()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("500@/v1/api/chat");
        using var connection = sandbox.Connect();

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new AgentMessageClient(connection).SendAsync("echo", "once"));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(1, sandbox.Server.Requests.Count("/v1/api/chat"));
    }

    [Fact]
    public async Task A_validation_error_keeps_strapi_details()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.Server.BaseUri, "v1/api/chat/echo"))
        {
            Content = new StringContent("""{"stream":true}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", sandbox.Server.Token);

        var response = await http.SendAsync(request);
        var parsed = ApiErrorParser.Parse(response.StatusCode, "application/json", await response.Content.ReadAsStringAsync());

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(("ValidationError", "message is a required field"), (parsed.Code, parsed.Message));
        Assert.Equal("message", parsed.Details!.Value.GetProperty("errors")[0].GetProperty("path")[0].GetString());
    }
}
