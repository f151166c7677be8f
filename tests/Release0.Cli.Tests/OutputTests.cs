using System.Text.Json;
using Release0.Sandbox;

namespace Release0.Cli.Tests;

/// <summary>What results look like: JSON text as it is, counts in English, each error once.</summary>
public sealed class OutputTests
{
    [Fact]
    public async Task Json_keeps_apostrophes_accents_and_emoji_as_they_are()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "ask", "echo", "it's café \"quoted\" 😀", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\"response\": \"Echo #1: it's café \\\"quoted\\\" 😀\"", result.Output);
        Assert.Equal("Echo #1: it's café \"quoted\" 😀", JsonDocument.Parse(result.Output).RootElement.GetProperty("response").GetString());
    }

    [Fact]
    public async Task A_failed_batch_reports_its_error_once_on_stderr()
    {
        await using var server = await SandboxServer.StartAsync();
        var env = CliRun.EnvironmentFor(server);

        var result = await CliRun.RunAsync(env, null, "batch", "submit", "--agent", "batch-fail", "--project-env", "pe_1", "--user-profile", "up_1", "--message", "hi", "--wait", "--quiet");

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("error", result.Output);
        Assert.Matches(@"^batch bj_\w+: Failed after 1 poll in \d+\.\ds\n$", result.Output);
        var errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Single(errors);
    }

    [Fact]
    public async Task Quiet_silences_the_waiting_lines()
    {
        await using var server = await SandboxServer.StartAsync();
        var env = CliRun.EnvironmentFor(server);

        var result = await CliRun.RunAsync(env, null, "batch", "submit", "--agent", "batch-echo", "--project-env", "pe_1", "--user-profile", "up_1", "--message", "hi", "--wait", "--quiet");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^submitted batch bj_\w+\n$", result.Error);
    }

    [Fact]
    public async Task Chat_run_prints_the_session_id_first()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "chat", "run", "echo", "--answer", "bye");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^session [a-z0-9]{24}\nagent: I repeat what you say. Say bye to stop.\nyou: bye\nagent: Goodbye!\n$", result.Output);
    }

    [Fact]
    public async Task A_var_the_agent_does_not_have_is_a_warning()
    {
        await using var server = await SandboxServer.StartAsync();

        var result = await CliRun.RunAsync(CliRun.EnvironmentFor(server), null, "chat", "start", "lead-form", "--var", "Name=Ann", "--var", "Nope=1");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("warning: --var 'Nope' is not a variable of agent agent-lead-form (it has Name, Email, Plan); the agent will not use it.\n", result.Error);
        Assert.StartsWith("session ", result.Output);
    }
}
