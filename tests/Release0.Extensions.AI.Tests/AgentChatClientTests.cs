using Microsoft.Extensions.AI;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Core.Messages;

namespace Release0.Extensions.AI.Tests;

public sealed class AgentChatClientTests
{
    [Fact]
    public async Task A_whole_reply_carries_text_conversation_model_and_usage_and_the_conversation_continues()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient agent = new Release0AgentChatClient(sandbox.Connection, "echo");

        var first = await agent.GetResponseAsync([new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, "hello there")]);
        var second = await agent.GetResponseAsync("again", new ChatOptions { ConversationId = first.ConversationId });

        Assert.Equal("Echo #1: hello there", first.Text);
        Assert.Equal(ChatRole.Assistant, Assert.Single(first.Messages).Role);
        Assert.StartsWith("conv_", first.ConversationId);
        Assert.Equal("sandbox-echo", first.ModelId);
        Assert.Equal(4, first.Usage!.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, first.FinishReason);
        Assert.Equal("Echo #1: hello there", Assert.IsType<AgentReply>(first.RawRepresentation).Response);
        Assert.Equal("Echo #2: again", second.Text);
        Assert.Equal(first.ConversationId, second.ConversationId);
    }

    [Fact]
    public async Task A_stream_read_with_await_foreach_gives_one_update_per_chunk_then_the_conversation_and_usage()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient agent = new Release0AgentChatClient(sandbox.Connection, "slow-stream");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in agent.GetStreamingResponseAsync("status report"))
        {
            updates.Add(update);
        }

        Assert.Equal(["Streaming ", "reply ", "to: ", "status ", "report", ""], updates.Select(u => u.Text));
        var last = updates[^1];
        Assert.StartsWith("conv_", last.ConversationId);
        Assert.Equal("sandbox-slow-stream", last.ModelId);
        Assert.Equal(ChatFinishReason.Stop, last.FinishReason);
        Assert.True(Assert.IsType<AgentReply>(last.RawRepresentation).IsComplete);

        var response = updates.ToChatResponse();
        Assert.Equal("Streaming reply to: status report", Assert.Single(response.Messages).Text);
        Assert.Equal(last.ConversationId, response.ConversationId);
        Assert.Equal(5, response.Usage!.TotalTokenCount);
    }

    [Fact]
    public async Task The_first_update_arrives_before_the_rest_of_the_reply_is_sent()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient agent = new Release0AgentChatClient(sandbox.Connection, "gated-stream");
        await using var updates = agent.GetStreamingResponseAsync("go").GetAsyncEnumerator();

        // The sandbox holds the rest until the gate opens, so this update cannot have waited for it.
        Assert.True(await updates.MoveNextAsync());
        Assert.Equal("First chunk. ", updates.Current.Text);

        sandbox.Server.StreamGate.Open();
        var rest = new List<string>();
        while (await updates.MoveNextAsync())
        {
            rest.Add(updates.Current.Text);
        }

        Assert.Equal(["Second chunk. ", "Last chunk.", ""], rest);
    }

    [Fact]
    public async Task A_streamed_turn_continues_the_conversation_given_in_the_options()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient agent = new Release0AgentChatClient(sandbox.Connection, "echo");
        var first = await agent.GetResponseAsync("one");

        var second = await agent.GetStreamingResponseAsync("two", new ChatOptions { ConversationId = first.ConversationId }).ToChatResponseAsync();

        Assert.Equal("Echo #2: two", second.Text);
        Assert.Equal(first.ConversationId, second.ConversationId);
    }

    [Fact]
    public async Task Platform_errors_stay_release0_api_exceptions_whole_and_streamed()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient unknown = new Release0AgentChatClient(sandbox.Connection, "no-such-agent");
        IChatClient cut = new Release0AgentChatClient(sandbox.Connection, "cut-stream");

        var notFound = await Assert.ThrowsAsync<Release0ApiException>(() => unknown.GetResponseAsync("hi"));
        var received = new List<string>();
        var incomplete = await Assert.ThrowsAsync<Release0ApiException>(async () =>
        {
            await foreach (var update in cut.GetStreamingResponseAsync("hi"))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal(404, notFound.StatusCode);
        Assert.Equal("NotFoundError", notFound.ErrorCode);
        Assert.Equal(ApiErrorKind.IncompleteResponse, incomplete.Kind);
        Assert.Equal("This reply will be cut off", string.Concat(received));
    }

    [Fact]
    public async Task A_conversation_the_server_does_not_know_is_its_404_not_a_new_conversation()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient agent = new Release0AgentChatClient(sandbox.Connection, "echo");

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => agent.GetResponseAsync("hi", new ChatOptions { ConversationId = "conv_gone" }));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("Conversation 'conv_gone' not found", error.Message);
    }

    [Fact]
    public async Task Without_a_user_message_last_nothing_is_sent_and_the_error_says_what_to_add()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient agent = new Release0AgentChatClient(sandbox.Connection, "echo");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => agent.GetResponseAsync([new ChatMessage(ChatRole.User, "hi"), new ChatMessage(ChatRole.Assistant, "hello")]));

        Assert.Contains("The last message must be a user message with text", error.Message);
        Assert.Empty(sandbox.Server.Requests.All);
        Assert.Throws<Release0ConfigurationException>(() => new Release0AgentChatClient(sandbox.Connection, " "));
    }

    [Fact]
    public async Task A_cancelled_call_sends_nothing_and_a_stream_cancelled_midway_stops()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient agent = new Release0AgentChatClient(sandbox.Connection, "gated-stream");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => agent.GetResponseAsync("hi", cancellationToken: cancelled.Token));
        Assert.Empty(sandbox.Server.Requests.All);

        using var cancel = new CancellationTokenSource();
        await using var updates = agent.GetStreamingResponseAsync("go", cancellationToken: cancel.Token).GetAsyncEnumerator();
        Assert.True(await updates.MoveNextAsync());
        cancel.Cancel();

        // The gate never opens: only the cancellation can end this wait.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await updates.MoveNextAsync());
    }

    [Fact]
    public async Task GetService_returns_the_underlying_clients_and_metadata()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using IChatClient agent = new Release0AgentChatClient(sandbox.Connection, "echo");

        Assert.Same(agent, agent.GetService<Release0AgentChatClient>());
        Assert.Same(sandbox.Connection, agent.GetService<Release0Connection>());
        Assert.NotNull(agent.GetService<AgentMessageClient>());
        var metadata = agent.GetService<ChatClientMetadata>()!;
        Assert.Equal("release0", metadata.ProviderName);
        Assert.Equal(sandbox.Server.BaseUri, metadata.ProviderUri);
        Assert.Equal("echo", metadata.DefaultModelId);
        Assert.Null(agent.GetService<AgentMessageClient>("some-key"));
        Assert.Null(agent.GetService<HttpClient>());
    }
}
