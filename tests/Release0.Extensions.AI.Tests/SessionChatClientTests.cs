using Microsoft.Extensions.AI;
using Release0.Core.Chats;
using Release0.Core.Chats.Actions;
using Release0.Core.Chats.Inputs;
using Release0.Core.Http;

namespace Release0.Extensions.AI.Tests;

public sealed class SessionChatClientTests
{
    [Fact]
    public async Task A_multi_turn_conversation_starts_the_agent_then_continues_it_by_conversation_id()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient form = new Release0SessionChatClient(sandbox.Connection, "lead-form");

        var start = await form.GetResponseAsync([]);
        var options = new ChatOptions { ConversationId = start.ConversationId };
        var name = await form.GetResponseAsync("Ann", options);
        var badEmail = await form.GetResponseAsync("not an e-mail", options);
        var email = await form.GetResponseAsync("Ann@Example.com", options);
        var plan = await form.GetResponseAsync("Team", options);

        Assert.Equal("Hi! I'm the Release0 lead assistant.\n\nThree quick questions.", Assert.Single(start.Messages).Text);
        Assert.IsType<TextInput>(start.AdditionalProperties![Release0ChatKeys.PendingInput]);
        Assert.Equal(false, start.AdditionalProperties[Release0ChatKeys.IsCompleted]);
        Assert.Equal("Nice to meet you, Ann. What's your work e-mail?", name.Text);
        Assert.Equal("This email doesn't seem to be valid. Can you type it again?", badEmail.Text);
        Assert.Equal("Which plan fits your team?", email.Text);
        Assert.IsType<ChoiceInput>(email.AdditionalProperties![Release0ChatKeys.PendingInput]);
        Assert.Equal("Thanks, Ann! We'll write to ann@example.com about the team plan.", plan.Text);
        Assert.Equal(true, plan.AdditionalProperties![Release0ChatKeys.IsCompleted]);
        Assert.False(plan.AdditionalProperties.ContainsKey(Release0ChatKeys.PendingInput));
        Assert.Equal(100d, plan.AdditionalProperties[Release0ChatKeys.Progress]);
        Assert.All([name, badEmail, email, plan], response => Assert.Equal(start.ConversationId, response.ConversationId));
        Assert.Single(sandbox.Server.Requests.All, r => r.Path.EndsWith("/start", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_raw_turn_and_each_bubble_are_reachable_from_the_response()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient showcase = new Release0SessionChatClient(sandbox.Connection, "showcase");

        var start = await showcase.GetResponseAsync([]);

        var turn = Assert.IsType<ChatTurn>(start.RawRepresentation);
        Assert.Equal(turn.Messages.Count, start.Messages.Count);
        Assert.Equal(5, start.Messages.Count);
        Assert.Equal(["text", "image", "video", "audio", "embed"], start.Messages.Select(m => Assert.IsAssignableFrom<Core.Chats.Messages.ChatMessage>(m.RawRepresentation).Type));
        Assert.Equal("https://media.sandbox.release0.test/welcome.png", start.Messages[1].Text);
        Assert.IsType<WaitAction>(Assert.Single((IEnumerable<ClientSideAction>)start.AdditionalProperties![Release0ChatKeys.PendingActions]!));

        // A wait action is answered with an empty continue: no user message needed.
        var next = await showcase.GetResponseAsync([], new ChatOptions { ConversationId = start.ConversationId });
        Assert.Equal("Thanks for waiting.", next.Text);
        Assert.Equal(true, next.AdditionalProperties![Release0ChatKeys.IsCompleted]);
    }

    [Fact]
    public async Task The_first_message_answers_the_first_input_and_the_initial_context_prefills_variables()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient form = new Release0SessionChatClient(sandbox.Connection, "lead-form");
        var context = new ChatOptions { AdditionalProperties = new() { [Release0ChatKeys.InitialContext] = new Dictionary<string, string> { ["Name"] = "Bea" } } };

        var answered = await form.GetResponseAsync("Ann");
        var prefilled = await form.GetResponseAsync([], context);

        Assert.Equal(["Hi! I'm the Release0 lead assistant.\n\nThree quick questions.", "Nice to meet you, Ann. What's your work e-mail?"], answered.Messages.Select(m => m.Text));
        Assert.Equal("Bea", Assert.IsAssignableFrom<ChatInput>(prefilled.AdditionalProperties![Release0ChatKeys.PendingInput]).PrefilledValue);
        var wrong = new ChatOptions { AdditionalProperties = new() { [Release0ChatKeys.InitialContext] = "Name=Bea" } };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => form.GetResponseAsync([], wrong));
        Assert.Contains("must be a dictionary of variable names to values", error.Message);
    }

    [Fact]
    public async Task Markdown_is_given_where_asked()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient form = new Release0SessionChatClient(sandbox.Connection, "lead-form", textFormat: TextBubbleFormat.Markdown);

        var start = await form.GetResponseAsync([]);

        Assert.Equal("Hi! I'm the **Release0** lead assistant.\n\nThree quick questions.", start.Text);
    }

    [Fact]
    public async Task A_preview_session_starts_the_draft()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient preview = new Release0SessionChatClient(sandbox.Connection, "agent-echo", preview: true);

        var start = await preview.GetResponseAsync([]);
        var reply = await preview.GetResponseAsync("ping", new ChatOptions { ConversationId = start.ConversationId });

        Assert.Equal("I repeat what you say. Say bye to stop.", start.Text);
        Assert.Equal("You said: ping", reply.Text);
        Assert.Single(sandbox.Server.Requests.All, r => r.Path.EndsWith("/preview/start", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Streaming_a_turn_gives_one_update_per_bubble_that_rebuild_the_same_messages()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient form = new Release0SessionChatClient(sandbox.Connection, "lead-form");

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in form.GetStreamingResponseAsync("Ann"))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Equal(2, response.Messages.Count);
        Assert.Equal("Nice to meet you, Ann. What's your work e-mail?", response.Messages[1].Text);
        Assert.NotNull(response.ConversationId);
        Assert.Equal(false, response.AdditionalProperties![Release0ChatKeys.IsCompleted]);
    }

    [Fact]
    public async Task Errors_stay_release0_api_exceptions_and_cancellation_sends_nothing()
    {
        await using var sandbox = await Sandbox.StartAsync();
        IChatClient unknown = new Release0SessionChatClient(sandbox.Connection, "no-such-agent");
        IChatClient form = new Release0SessionChatClient(sandbox.Connection, "lead-form");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var notFound = await Assert.ThrowsAsync<Release0ApiException>(() => unknown.GetResponseAsync([]));
        var gone = await Assert.ThrowsAsync<Release0ApiException>(() => form.GetResponseAsync("hi", new ChatOptions { ConversationId = "no-such-session" }));
        var requestsBefore = sandbox.Server.Requests.All.Count;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => form.GetResponseAsync([], cancellationToken: cancelled.Token));

        Assert.Equal(404, notFound.StatusCode);
        Assert.Equal("start chat", notFound.Operation);
        Assert.Equal(404, gone.StatusCode);
        Assert.Equal("continue chat", gone.Operation);
        Assert.Equal(requestsBefore, sandbox.Server.Requests.All.Count);
    }

    [Fact]
    public async Task GetService_returns_the_core_chat_client()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using IChatClient form = new Release0SessionChatClient(sandbox.Connection, "lead-form", textFormat: TextBubbleFormat.Markdown);

        Assert.Equal(TextBubbleFormat.Markdown, form.GetService<ChatClient>()!.TextFormat);
        Assert.Same(sandbox.Connection, form.GetService<Core.Connection.Release0Connection>());
        Assert.Equal("lead-form", form.GetService<ChatClientMetadata>()!.DefaultModelId);
    }
}
