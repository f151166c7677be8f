using System.Text.Json;
using Release0.Sandbox;

namespace Release0.Cli.Tests;

public sealed class ChatCommandTests
{
    [Fact]
    public async Task Chat_start_prints_messages_and_the_pending_input()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "chat", "start", "lead-form");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^session [a-z0-9]{24}\n", result.Output);
        Assert.Contains("agent: Hi! I'm the Release0 lead assistant.\n\n       Three quick questions.\n", result.Output);
        Assert.Contains("[waiting for text input] Type your name...", result.Output);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task Chat_start_and_send_in_json_carry_session_messages_input_and_completion()
    {
        await using var server = await SandboxServer.StartAsync();
        var env = CliRun.EnvironmentFor(server);

        var started = await CliRun.RunAsync(env, null, "chat", "start", "echo", "--json", "--var", "Name=Ann");
        using var start = JsonDocument.Parse(started.Output);
        var sessionId = start.RootElement.GetProperty("sessionId").GetString()!;
        Assert.Equal("text input", start.RootElement.GetProperty("input").GetProperty("type").GetString());
        Assert.False(start.RootElement.GetProperty("isCompleted").GetBoolean());

        var sent = await CliRun.RunAsync(env, null, "chat", "send", sessionId, "hello", "--json");
        using var reply = JsonDocument.Parse(sent.Output);
        var message = reply.RootElement.GetProperty("messages")[0];
        Assert.Equal(("text", "You said: hello"), (message.GetProperty("type").GetString(), message.GetProperty("text").GetString()));

        var bye = await CliRun.RunAsync(env, null, "chat", "send", sessionId, "bye", "--json");
        using var end = JsonDocument.Parse(bye.Output);
        Assert.Equal(JsonValueKind.Null, end.RootElement.GetProperty("input").ValueKind);
        Assert.True(end.RootElement.GetProperty("isCompleted").GetBoolean());
    }

    [Fact]
    public async Task Media_messages_show_their_url_in_json()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "chat", "start", "showcase", "--json");

        using var json = JsonDocument.Parse(result.Output);
        var image = json.RootElement.GetProperty("messages")[1];
        Assert.Equal("image", image.GetProperty("type").GetString());
        Assert.Equal("https://media.sandbox.release0.test/welcome.png", image.GetProperty("text").GetString());
        Assert.Equal("wait", json.RootElement.GetProperty("actions")[0].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Chat_run_answers_in_order_and_prints_the_transcript()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "chat", "run", "lead-form", "--answer", "Bo", "--answer", "bo@example.com", "--answer", "Starter");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("you: Bo\nagent: Nice to meet you, Bo. What's your work e-mail?\n", result.Output);
        Assert.EndsWith("agent: Thanks, Bo! We'll write to bo@example.com about the starter plan.\n", result.Output);
    }

    [Fact]
    public async Task Chat_run_asks_a_person_at_a_terminal_for_missing_answers()
    {
        await using var server = await SandboxServer.StartAsync();
        var terminal = new StringReader("hi there\nbye\n");

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), terminal, "chat", "run", "echo", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("[text input] Say something...\n> ", result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.True(json.RootElement.GetProperty("isCompleted").GetBoolean());
        var texts = json.RootElement.GetProperty("transcript").EnumerateArray().Select(e => e.GetProperty("text").GetString()).ToList();
        Assert.Equal(["I repeat what you say. Say bye to stop.", "hi there", "You said: hi there", "bye", "Goodbye!"], texts);
    }

    [Fact]
    public async Task Chat_run_without_enough_answers_unattended_is_bad_input()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "chat", "run", "lead-form", "--answer", "Cy");

        Assert.Equal(2, result.ExitCode);
        var sessionId = result.Output.Split('\n')[0]["session ".Length..];
        Assert.Equal($"error: The agent is waiting for an email input (Type your email...) but no --answer is left. Add another --answer, run on a terminal to type it, or continue it with 'release0 chat send {sessionId} TEXT'.\n", result.Error);
        Assert.Matches("^session [0-9a-z_-]+\n", result.Output);
    }

    [Fact]
    public async Task Platform_errors_exit_1_with_one_line_naming_status_code_and_message()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "chat", "send", "gone-session", "hi");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^error: continue chat failed: HTTP 404 NOT_FOUND: Session not found\. \(POST http://127\.0\.0\.1:\d+/api/v1/sessions/gone-session/continue\)\n$", result.Error);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task Preview_without_any_token_is_bad_input()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(new Dictionary<string, string> { ["RELEASE0_BASE_URI"] = server.BaseUri.ToString() }, null, "chat", "start", "agent-echo", "--preview");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Preview chats need an API token", result.Error);
        Assert.Empty(server.Requests.All);
    }

    [Fact]
    public async Task Explicit_token_and_legacy_routes_reach_the_preview()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(null, null, "chat", "start", "agent-echo", "--preview", "--legacy-routes", "--base-uri", server.BaseUri.ToString(), "--token", server.Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(server.Requests.All, r => r.Path == "/api/v1/agents/agent-echo/preview/startChat" && r.HadAuthorization);
        Assert.Equal($"warning: a token given with --token is visible to other users of this machine (ps, shell history); prefer the RELEASE0_API_TOKEN variable.\n", result.Error);
    }

    [Fact]
    public async Task Verbose_shows_each_call_on_stderr_without_the_token()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "chat", "start", "agent-echo", "--preview", "--verbose");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"verbose: POST http://127\.0\.0\.1:\d+/api/v1/agents/agent-echo/preview/start -> 200 OK in \d+ ms \(attempt 1\)", result.Error);
        Assert.DoesNotContain(server.Token, result.Error + result.Output);
    }

    [Theory]
    [InlineData(new[] { "chat", "start" }, "Required argument missing for command: 'start'.")]
    [InlineData(new[] { "chat", "start", "echo", "--var", "novalue" }, "--var 'novalue' must look like NAME=VALUE")]
    [InlineData(new[] { "chat", "start", "echo", "--base-uri", "release0.com" }, "--base-uri 'release0.com' is not an absolute http:// or https:// URI")]
    [InlineData(new[] { "chat", "start", "echo", "--base-uri", "http://example.com", "--token", "abc" }, "Refusing to send the API token over plain http to example.com")]
    [InlineData(new[] { "sandbox", "--fault", "teapot" }, "Unknown fault kind 'teapot'")]
    public async Task Bad_usage_exits_2_with_a_specific_message(string[] args, string expected)
    {
        var result = await CliRun.RunAsync(null, null, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error);
    }
}
