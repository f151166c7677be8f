using System.Text.Json;
using System.Text.RegularExpressions;
using Release0.Sandbox;

namespace Release0.Cli.Tests;

/// <summary>
/// The executable itself, as the OS runs it: exit codes, Ctrl+C, one-line errors and streaming.
/// tests/native-cli.sh runs these against the native build too (RELEASE0_CLI_EXECUTABLE).
/// </summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Version_prints_one_line_and_exits_0()
    {
        using var cli = CliProcess.Start(null, null, "--version");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\S*\n$", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Help_lists_the_commands_and_exits_0()
    {
        using var cli = CliProcess.Start(null, null, "--help");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        foreach (var command in new[] { "chat", "ask", "batch", "jobs", "sandbox", "demo" })
        {
            Assert.Matches($@"\n  {command} ", result.Output);
        }
    }

    [Theory]
    [InlineData("error: unknown command 'chta' for 'release0'; did you mean 'chat'? See 'release0 --help'.", "chta")]
    [InlineData("error: --timeout '169h' is out of range; give a duration from 10ms to 7 days (168h).", "ask", "echo", "hi", "--timeout", "169h")]
    [InlineData("error: The message must not be empty.", "ask", "echo", "")]
    [InlineData("error: --port 99999 is not a port; give 1 to 65535, or leave it out for a free one. See 'release0 sandbox --help'.", "sandbox", "--port", "99999")]
    [InlineData("error: --max-rate must be between 0.0167 and 10000 calls per second (for example 20). See 'release0 ask --help'.", "ask", "echo", "hi", "--max-rate", "0")]
    [InlineData("error: --rate-limit: rate limit '20/m' is not a number of calls per second between 0 and 100000 (for example 20/s).", "sandbox", "--rate-limit", "20/m")]
    public async Task Bad_usage_is_one_line_and_exit_2(string expected, params string[] args)
    {
        using var cli = CliProcess.Start(new Dictionary<string, string> { ["RELEASE0_BASE_URI"] = "http://127.0.0.1:9/" }, null, args);
        var result = await cli.WaitForExitAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected + "\n", result.Error);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Ask_prints_the_reply_and_the_conversation()
    {
        await using var server = await SandboxServer.StartAsync();

        using var cli = CliProcess.Start(CliRun.EnvironmentFor(server), null, "ask", "echo", "hello");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Echo #1: hello\n", result.Output);
        Assert.Matches(@"^\(conversation conv_\w+: continue with --conversation conv_\w+\)\n$", result.Error);
    }

    [Fact]
    public async Task Ask_json_is_one_object_with_the_reply()
    {
        await using var server = await SandboxServer.StartAsync();

        using var cli = CliProcess.Start(CliRun.EnvironmentFor(server), null, "ask", "echo", "a \"quoted\" é", "--json");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("Echo #1: a \"quoted\" é", json.RootElement.GetProperty("response").GetString());
        Assert.True(json.RootElement.GetProperty("complete").GetBoolean());
    }

    [Fact]
    public async Task Ask_stream_prints_each_chunk_as_it_arrives()
    {
        await using var server = await SandboxServer.StartAsync();

        using var cli = CliProcess.Start(CliRun.EnvironmentFor(server), null, "ask", "gated-stream", "hi", "--stream");
        await cli.WaitForLineAsync("First chunk.");
        var beforeTheRest = cli.Output;
        server.StreamGate.Open();
        var result = await cli.WaitForExitAsync();

        // The sandbox holds the rest until the gate opens: the first chunk was printed on its own.
        Assert.Equal("First chunk. ", beforeTheRest);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("First chunk. Second chunk. Last chunk.\n", result.Output);
    }

    [Fact]
    public async Task Ctrl_C_during_a_stream_exits_130_keeping_what_arrived()
    {
        await using var server = await SandboxServer.StartAsync();

        using var cli = CliProcess.Start(CliRun.EnvironmentFor(server), null, "ask", "gated-stream", "hi", "--stream");
        await cli.WaitForLineAsync("First chunk.");
        cli.Interrupt();
        var result = await cli.WaitForExitAsync();

        Assert.Equal(130, result.ExitCode);
        Assert.Equal("First chunk. \n", result.Output);
        Assert.Equal("interrupted: the reply above was cut off; ask again for the rest\n", result.Error);
    }

    [Fact]
    public async Task A_cut_stream_exits_1_with_one_line()
    {
        await using var server = await SandboxServer.StartAsync();

        using var cli = CliProcess.Start(CliRun.EnvironmentFor(server), null, "ask", "cut-stream", "hi", "--stream");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("This reply will be cut off\n", result.Output);
        Assert.StartsWith("error: stream agent message failed: the reply is incomplete: the stream ended before [DONE] after 26 characters", Assert.Single(Lines(result.Error)));
    }

    [Fact]
    public async Task A_401_without_a_token_is_one_line_and_exit_1()
    {
        await using var server = await SandboxServer.StartAsync();

        using var cli = CliProcess.Start(new Dictionary<string, string> { ["RELEASE0_BASE_URI"] = server.BaseUri.ToString() }, null, "ask", "echo", "hi");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(Lines(result.Error));
        Assert.Contains("HTTP 401", line);
        Assert.Contains("set RELEASE0_API_TOKEN", line);
    }

    [Fact]
    public async Task An_unreachable_platform_is_one_line_and_exit_1()
    {
        var server = await SandboxServer.StartAsync();
        var environment = CliRun.EnvironmentFor(server);
        await server.DisposeAsync();

        using var cli = CliProcess.Start(environment, null, "chat", "start", "echo", "--retries", "0");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^error: start chat failed: could not connect: Connection refused[^\n]*; nothing was sent \(POST [^\n]+\)\n$", result.Error);
    }

    [Fact]
    public async Task The_sandbox_command_serves_chats_to_another_release0()
    {
        using var sandbox = CliProcess.Start(null, null, "sandbox");
        var listening = await sandbox.WaitForLineAsync("Sandbox listening on http://127.0.0.1:");
        var environment = new Dictionary<string, string>
        {
            ["RELEASE0_BASE_URI"] = Regex.Match(listening, @"http://\S+").Value,
            ["RELEASE0_API_TOKEN"] = SandboxOptions.DefaultToken,
        };

        using var chat = CliProcess.Start(environment, null, "chat", "run", "lead-form", "--answer", "Ann", "--answer", "ann@example.com", "--answer", "team", "--quiet");
        var result = await chat.WaitForExitAsync();
        sandbox.Interrupt();
        var stopped = await sandbox.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("agent: Thanks, Ann! We'll write to ann@example.com about the team plan.", result.Output);
        Assert.Equal(130, stopped.ExitCode);
    }

    [Fact]
    public async Task The_demo_runs_against_its_embedded_sandbox()
    {
        using var cli = CliProcess.Start(null, null, "demo");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"Demo finished: chat \S+ completed in 5 turns; stream complete; batch \S+ completed after \d+ polls\.", result.Output + result.Error);
    }

    [Fact]
    public async Task Sandbox_help_names_the_command_the_user_typed()
    {
        // The native release0 runs this in release0-sandbox; help must still read "release0 sandbox".
        using var cli = CliProcess.Start(null, null, "sandbox", "--help");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains("Usage:\n  release0 sandbox [options]\n", result.Output);
        Assert.Contains("\nExamples:\n  release0 sandbox --port 5080", result.Output);
    }

    [Fact]
    public async Task Ctrl_C_stops_the_sandbox_with_exit_130()
    {
        using var cli = CliProcess.Start(null, null, "sandbox");
        await cli.WaitForLineAsync("Sandbox listening on http://127.0.0.1:");

        cli.Interrupt();
        var result = await cli.WaitForExitAsync();

        Assert.Equal(130, result.ExitCode);
        Assert.Equal("interrupted: stopped; nothing was left running\n", result.Error);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
