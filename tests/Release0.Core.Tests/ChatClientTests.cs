using Release0.Core.Chats;
using Release0.Core.Chats.Inputs;
using Release0.Core.Connection;
using Release0.Core.Http;

namespace Release0.Core.Tests;

public sealed class ChatClientTests
{
    [Theory]
    [InlineData(ChatRouteStyle.Current, "/api/v1/agents/lead-form/start", "/continue")]
    [InlineData(ChatRouteStyle.Legacy, "/api/v1/agents/lead-form/startChat", "/continueChat")]
    public async Task Lead_form_runs_to_its_end_on_either_route_family(ChatRouteStyle style, string startPath, string continueSuffix)
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection, style);

        var session = await chats.StartAsync("lead-form");
        Assert.Matches("^[a-z0-9]{24}$", session.SessionId);
        Assert.NotNull(session.ResultId);
        Assert.Equal("Hi! I'm the Release0 lead assistant.\n\nThree quick questions.", session.LatestTurn.Messages[0].Text);
        Assert.IsType<TextInput>(session.PendingInput);
        Assert.Equal("Type your name...", session.PendingInput!.Prompt);
        Assert.Equal(0, session.LatestTurn.Progress);

        await chats.ContinueAsync(session, ChatReply.FromText("Ann"));
        Assert.Equal("Nice to meet you, Ann. What's your work e-mail?", session.LatestTurn.Messages.Single().Text);
        Assert.IsType<EmailInput>(session.PendingInput);

        await chats.ContinueAsync(session, ChatReply.FromText("Ann@Example.COM"));
        Assert.Equal("ann@example.com", session.LatestTurn.LastMessageNewFormat);
        var plan = Assert.IsType<ChoiceInput>(session.PendingInput);
        Assert.Equal(["Starter", "Team", "Enterprise"], plan.Items.Select(i => i.Content));
        Assert.Equal("team", plan.Items[1].Value);

        var last = await chats.ContinueAsync(session, ChatReply.FromText("Team"));
        Assert.Equal("Thanks, Ann! We'll write to ann@example.com about the team plan.", last.Messages.Single().Text);
        Assert.Null(session.PendingInput);
        Assert.True(session.IsCompleted);
        Assert.Equal(100, last.Progress);
        Assert.Contains(sandbox.Server.Requests.All, r => r.Path == startPath);
        Assert.Equal(3, sandbox.Server.Requests.All.Count(r => r.Path.EndsWith(continueSuffix, StringComparison.Ordinal)));

        Assert.Equal(
            ["agent", "user", "agent", "user", "agent", "user", "agent"],
            session.Transcript.Select(e => e.Speaker == Speaker.Agent ? "agent" : "user"));
        Assert.Equal("ann@example.com", session.Transcript[3].Text);
    }

    [Fact]
    public async Task Invalid_email_is_asked_again_without_advancing()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection);
        var session = await chats.StartAsync("lead-form", new StartChatRequest { Message = ChatReply.FromText("Bo") });
        Assert.IsType<EmailInput>(session.PendingInput);

        var retry = await chats.ContinueAsync(session, ChatReply.FromText("not-an-email"));

        Assert.Equal("This email doesn't seem to be valid. Can you type it again?", retry.Messages.Single().Text);
        Assert.Equal("lf-email", retry.Messages.Single().Id);
        Assert.IsType<EmailInput>(retry.Input);
        Assert.False(session.IsCompleted);
    }

    [Fact]
    public async Task Choice_can_be_selected_by_item_id_through_reply_metadata()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection);
        var session = await chats.StartAsync("lead-form", new StartChatRequest { Message = ChatReply.FromText("Cy") });
        await chats.ContinueAsync(session, ChatReply.FromText("cy@example.com"));

        var end = await chats.ContinueAsync(session, ChatReply.FromText("whatever", replyId: "plan-enterprise"));

        Assert.Contains("enterprise plan", end.Messages.Single().Text);
    }

    [Fact]
    public async Task Initial_context_prefills_variables_and_result_id_is_reused()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection);

        var session = await chats.StartAsync("lead-form", new StartChatRequest
        {
            InitialContext = new Dictionary<string, string?> { ["Name"] = "Dee" },
            ResultId = "res_existing",
        });

        Assert.Equal("Dee", session.PendingInput!.PrefilledValue);
        Assert.Equal("res_existing", session.ResultId);
    }

    [Fact]
    public async Task A_live_session_is_gone_after_its_end()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection);
        var session = await chats.StartAsync("echo");
        await chats.ContinueAsync(session, ChatReply.FromText("hello"));
        Assert.Equal("You said: hello", session.LatestTurn.Messages.Single().Text);
        await chats.ContinueAsync(session, ChatReply.FromText("bye"));
        Assert.True(session.IsCompleted);

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => chats.ContinueAsync(session, ChatReply.FromText("again")));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Equal("Session not found.", error.ApiMessage);
        Assert.Equal("continue chat", error.Operation);
        Assert.Contains($"/api/v1/sessions/{session.SessionId}/continue", error.RequestUri.AbsolutePath);
        Assert.Equal(1, error.Attempts);
    }

    [Fact]
    public async Task A_flow_that_ends_on_start_is_completed_at_once()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();

        var session = await new ChatClient(connection).StartAsync("announcement");

        Assert.True(session.IsCompleted);
        Assert.Equal("The maintenance window is tonight at 22:00 UTC.", session.Transcript.Single().Text);
    }

    [Theory]
    [InlineData(ChatRouteStyle.Current, "/api/v1/agents/agent-echo/preview/start")]
    [InlineData(ChatRouteStyle.Legacy, "/api/v1/agents/agent-echo/preview/startChat")]
    public async Task Preview_chat_uses_the_agent_id_and_the_token(ChatRouteStyle style, string path)
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection, style);

        var session = await chats.StartPreviewAsync("agent-echo", new PreviewChatRequest { SessionId = "my-preview-session" });

        Assert.True(session.IsPreview);
        Assert.Null(session.ResultId);
        Assert.Equal("my-preview-session", session.SessionId);
        var request = sandbox.Server.Requests.All.Single(r => r.Path == path);
        Assert.True(request.HadAuthorization);
    }

    [Fact]
    public async Task Preview_with_a_wrong_token_is_refused_by_the_server()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect(o => o.ApiToken = "wrong-token");

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new ChatClient(connection).StartPreviewAsync("agent-echo"));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("UNAUTHORIZED", error.ErrorCode);
    }

    [Fact]
    public async Task Preview_without_a_token_fails_before_sending()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect(withToken: false);

        var error = await Assert.ThrowsAsync<Release0ConfigurationException>(() => new ChatClient(connection).StartPreviewAsync("agent-echo"));

        Assert.Contains("RELEASE0_API_TOKEN", error.Message);
        Assert.Empty(sandbox.Server.Requests.All);
    }

    [Fact]
    public async Task Unknown_agent_is_a_404_with_the_platform_message()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new ChatClient(connection).StartAsync("no-such-agent"));

        Assert.Equal(404, error.StatusCode);
        Assert.StartsWith("start chat failed: HTTP 404 NOT_FOUND: Agent not found (POST http://127.0.0.1:", error.Message);
    }

    [Fact]
    public async Task Registering_only_creates_a_session_that_starts_on_first_continue()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection);

        var session = await chats.StartAsync("echo", new StartChatRequest { IsOnlyRegistering = true });
        Assert.Empty(session.LatestTurn.Messages);

        var turn = await chats.ContinueAsync(session, ChatReply.FromText("first"));

        Assert.Equal(["I repeat what you say. Say bye to stop.", "You said: first"], turn.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Markdown_format_is_requested_on_start_and_on_every_continue()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection, textFormat: TextBubbleFormat.Markdown);

        var session = await chats.StartAsync("lead-form");
        var welcome = Assert.IsType<Chats.Messages.TextMessage>(session.LatestTurn.Messages[0]);
        Assert.Equal("markdown", welcome.Format);
        Assert.Null(welcome.RichText);
        Assert.Equal("Hi! I'm the **Release0** lead assistant.\n\nThree quick questions.", welcome.Markdown);

        await chats.ContinueAsync(session, ChatReply.FromText("Ann"));
        var next = Assert.IsType<Chats.Messages.TextMessage>(session.LatestTurn.Messages[0]);
        Assert.Equal("markdown", next.Format);
    }
}
