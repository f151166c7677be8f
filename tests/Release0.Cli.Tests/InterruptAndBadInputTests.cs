using Release0.Sandbox;

namespace Release0.Cli.Tests;

/// <summary>Inputs and signals that once ended in a stack trace: each now gives one line and an exit code.</summary>
public sealed class InterruptAndBadInputTests
{
    [Theory]
    [InlineData("1e308")]
    [InlineData("Infinity")]
    [InlineData("NaN")]
    [InlineData("9999999999h")]
    [InlineData("169h")]
    [InlineData("9ms")]
    public async Task Durations_out_of_range_are_one_line_naming_the_limits(string timeout)
    {
        var result = await CliRun.RunAsync(null, null, "batch", "wait", "bj_1", "--user-profile", "up_1", "--timeout", timeout);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(Lines(result.Error));
        Assert.Contains("10ms to 7 days (168h)", result.Error);
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("-1")]
    public async Task A_port_out_of_range_is_refused(string port)
    {
        var result = await CliRun.RunAsync(null, null, "sandbox", "--port", port);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --port {port} is not a port; give 1 to 65535, or leave it out for a free one. See 'release0 sandbox --help'.\n", result.Error);
    }

    [Fact]
    public async Task A_port_in_use_is_named()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(null, null, "sandbox", "--port", server.BaseUri.Port.ToString());

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: Port {server.BaseUri.Port} on 127.0.0.1 is in use; choose another --port, or leave it out to get a free one.\n", result.Error);
    }

    [Theory]
    [InlineData("chta", "error: unknown command 'chta' for 'release0'; did you mean 'chat'? See 'release0 --help'.")]
    [InlineData("chat strat x", "error: unknown command 'strat' for 'release0 chat'; did you mean 'start'? See 'release0 chat --help'.")]
    [InlineData("ask echo hi --jsn", "error: unknown option '--jsn' for 'release0 ask'; did you mean '--json'? See 'release0 ask --help'.")]
    [InlineData("sandbox --base-uri http://x", "error: unknown option '--base-uri' for 'release0 sandbox'. See 'release0 sandbox --help'.")]
    public async Task Usage_errors_are_one_line_with_suggestions(string args, string expected)
    {
        var result = await CliRun.RunAsync(null, null, args.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(expected + "\n", result.Error);
    }

    [Fact]
    public async Task Several_usage_errors_share_one_line()
    {
        var result = await CliRun.RunAsync(null, null, "batch", "get");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(Lines(result.Error));
        Assert.Contains("Option '--user-profile' is required", line);
        Assert.Contains("Required argument missing for command: 'get'", line);
        Assert.EndsWith("See 'release0 batch get --help'.", line);
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("chat start")]
    [InlineData("chat send")]
    [InlineData("chat run")]
    [InlineData("ask")]
    [InlineData("batch")]
    [InlineData("batch submit")]
    [InlineData("batch get")]
    [InlineData("batch wait")]
    [InlineData("jobs")]
    [InlineData("jobs run")]
    [InlineData("sandbox")]
    [InlineData("demo")]
    public async Task Every_command_has_help_with_an_example(string command)
    {
        var result = await CliRun.RunAsync(null, null, [.. command.Split(' '), "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        Assert.Matches($@"\nExamples?:\n  release0 {command}( |\n)", result.Output);
    }

    [Fact]
    public async Task Sandbox_help_lists_only_what_the_sandbox_uses()
    {
        var result = await CliRun.RunAsync(null, null, "sandbox", "--help");

        Assert.Single(result.Output.Split('\n'), l => l.TrimStart().StartsWith("--token", StringComparison.Ordinal));
        Assert.DoesNotContain("--base-uri", result.Output);
        Assert.DoesNotContain("--json", result.Output);
        Assert.Contains("slow (the real answer after ARG milliseconds", result.Output);
    }

    [Fact]
    public async Task Retries_out_of_range_are_refused()
    {
        var result = await CliRun.RunAsync(null, null, "ask", "echo", "hi", "--retries", "11");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --retries '11' is not a whole number from 0 to 10. See 'release0 ask --help'.\n", result.Error);
    }

    [Fact]
    public async Task Ctrl_c_during_a_batch_wait_exits_130_saying_how_to_resume()
    {
        await using var server = await SandboxServer.StartAsync();
        using var interrupt = new CancellationTokenSource();
        var run = CliRun.RunAsync(CliRun.EnvironmentFor(server), null, interrupt.Token, "batch", "submit", "--agent", "batch-never", "--project-env", "pe_1", "--user-profile", "up_1", "--message", "hi", "--wait");

        await server.Requests.WhenReceived("/api/v1/chat/batch-message/");
        interrupt.Cancel();
        var result = await run;

        Assert.Equal(130, result.ExitCode);
        var id = Lines(result.Error)[0]["submitted batch ".Length..];
        Assert.Equal($"interrupted: batch {id} is still running on the platform; follow it with 'release0 batch wait {id} --user-profile up_1'", Lines(result.Error)[^1]);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public async Task Ctrl_c_during_a_stream_ends_the_partial_line_and_exits_130()
    {
        await using var server = await SandboxServer.StartAsync();
        using var interrupt = new CancellationTokenSource();
        var output = new ChunkWatcher("First chunk. ", interrupt);
        var error = new StringWriter();
        var context = new CliContext(output, error, null, CliRun.EnvironmentFor(server).GetValueOrDefault);

        var code = await new CliApp(context).RunAsync(["ask", "gated-stream", "hi", "--stream"], interrupt.Token);

        Assert.Equal(130, code);
        Assert.Equal("First chunk. \n", output.ToString());
        Assert.Equal("interrupted: the reply above was cut off; ask again for the rest\n", error.ToString());
    }

    [Fact]
    public async Task Ctrl_c_stops_the_sandbox_like_any_command()
    {
        using var interrupt = new CancellationTokenSource();
        var output = new ChunkWatcher("Ctrl+C stops.", interrupt);
        var error = new StringWriter();
        var context = new CliContext(output, error, null, _ => null);

        var code = await new CliApp(context).RunAsync(["sandbox"], interrupt.Token);

        Assert.Equal(130, code);
        Assert.Equal("interrupted: stopped; nothing was left running\n", error.ToString());
    }

    [Fact]
    public async Task Ctrl_c_at_a_chat_prompt_cancels_at_once()
    {
        await using var server = await SandboxServer.StartAsync();
        using var interrupt = new CancellationTokenSource();
        using var terminal = new BlockingTerminal();
        var prompt = new ChunkWatcher("> ", interrupt);
        var context = new CliContext(new StringWriter(), prompt, terminal, CliRun.EnvironmentFor(server).GetValueOrDefault);

        var code = await new CliApp(context).RunAsync(["chat", "run", "echo"], interrupt.Token);

        Assert.Equal(130, code);
        var last = Lines(prompt.ToString())[^1];
        Assert.Matches(@"^interrupted: session \S+ is still open; continue it with 'release0 chat send \S+ TEXT'$", last);
    }

    [Fact]
    public async Task End_of_input_at_a_prompt_says_so_and_how_to_continue()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), new StringReader(string.Empty), "chat", "run", "echo");

        Assert.Equal(2, result.ExitCode);
        var id = Lines(result.Output)[0]["session ".Length..];
        Assert.EndsWith($"error: End of input at the prompt for a text input; session {id} is still open; continue it with 'release0 chat send {id} TEXT'.\n", result.Error);
    }

    [Fact]
    public async Task Typed_replies_are_not_echoed_again()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), new StringReader("hi there\nbye\n"), "chat", "run", "echo");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("you: ", result.Output);
        Assert.Contains("agent: You said: hi there\n", result.Output);
    }

    [Fact]
    public async Task Empty_replies_are_refused_like_an_empty_ask()
    {
        var send = await CliRun.RunAsync(null, null, "chat", "send", "s_1", " ");
        var answer = await CliRun.RunAsync(null, null, "chat", "run", "echo", "--answer", "");
        var ask = await CliRun.RunAsync(new Dictionary<string, string> { ["RELEASE0_BASE_URI"] = "http://127.0.0.1:9/" }, null, "ask", "echo", "");

        Assert.Equal("error: The reply must not be empty; give the text to send.\n", send.Error);
        Assert.Equal("error: --answer must not be empty; give the text to send.\n", answer.Error);
        Assert.Equal("error: The message must not be empty.\n", ask.Error);
        Assert.All(new[] { send, answer, ask }, r => Assert.Equal(2, r.ExitCode));
    }

    [Fact]
    public async Task The_turn_guard_is_one_line_and_exit_1()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "chat", "run", "endless", "--quiet");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^error: Session \S+ did not end within 500 turns without asking for input; stopped to avoid an endless loop.\n$", result.Error);
    }

    [Fact]
    public async Task A_401_without_a_token_says_which_variable_or_option_to_set()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(new Dictionary<string, string> { ["RELEASE0_BASE_URI"] = server.BaseUri.ToString() }, null, "batch", "get", "bj_1", "--user-profile", "up_1");

        Assert.Equal(1, result.ExitCode);
        Assert.Single(Lines(result.Error));
        Assert.Contains("HTTP 401", result.Error);
        Assert.Contains("no API token was sent: set RELEASE0_API_TOKEN or give the token to the tool, e.g. --token", result.Error);
    }

    [Fact]
    public async Task Timeout_bounds_a_call_to_a_slow_platform()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { Faults = { "slow=60000@/api/v1/agents" } });

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "chat", "start", "echo", "--timeout", "500ms");

        // Attempt timeout and deadline are both 0.5 s here; either may be the one that ends it.
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^error: start chat failed: no answer within the (attempt timeout|deadline) of 0\.5s", result.Error);
    }

    [Fact]
    public async Task An_unreachable_host_says_nothing_was_sent()
    {
        var server = await SandboxServer.StartAsync();
        var env = CliRun.EnvironmentFor(server);
        await server.DisposeAsync();

        var result = await CliRun.RunAsync(env, null, "chat", "start", "echo", "--retries", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^error: start chat failed: could not connect: Connection refused[^\n]*; nothing was sent \(POST [^\n]+\)\n$", result.Error);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Records what is written and presses "Ctrl+C" once a given text has appeared.</summary>
    private sealed class ChunkWatcher : StringWriter
    {
        private readonly string _trigger;
        private readonly CancellationTokenSource _interrupt;

        public ChunkWatcher(string trigger, CancellationTokenSource interrupt)
        {
            _trigger = trigger;
            _interrupt = interrupt;
        }

        public override void Write(string? value)
        {
            base.Write(value);
            if (ToString().Contains(_trigger, StringComparison.Ordinal))
            {
                _interrupt.Cancel();
            }
        }

        public override void WriteLine(string? value) => Write(value + NewLine);

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(string? value)
        {
            Write(value);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.ToString());
            return Task.CompletedTask;
        }
    }

    /// <summary>A terminal nobody types at: a read blocks until the test ends.</summary>
    private sealed class BlockingTerminal : TextReader
    {
        private readonly ManualResetEventSlim _closed = new();

        public override string? ReadLine()
        {
            _closed.Wait();
            return null;
        }

        protected override void Dispose(bool disposing)
        {
            _closed.Set();
            base.Dispose(disposing);
        }
    }
}
