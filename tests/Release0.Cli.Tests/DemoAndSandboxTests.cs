using System.Diagnostics;
using System.Text.Json;

namespace Release0.Cli.Tests;

public sealed class DemoAndSandboxTests
{
    [Fact]
    public async Task Demo_runs_all_three_apis_to_their_end_offline()
    {
        var result = await CliRun.RunAsync(null, null, "demo");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("agent: This email doesn't seem to be valid. Can you type it again?", result.Output);
        Assert.Contains("agent: Thanks, Ann Operator! We'll write to ann@example.com about the team plan.", result.Output);
        Assert.Contains("agent: Streaming reply to: what changed overnight?\n", result.Output);
        Assert.Contains("agent: Echo: Summarise last night's alerts\n", result.Output);
        Assert.Matches(@"Demo finished: chat [a-z0-9]{24} completed in 5 turns; stream complete; batch bj_\w+ completed after \d+ polls?\.\n$", result.Output);

        // Progress goes to stderr, never among the results.
        Assert.DoesNotContain("next poll", result.Output);
        Assert.Contains("next poll in", result.Error);
    }

    [Fact]
    public async Task Demo_json_is_one_object_with_the_transcript()
    {
        var result = await CliRun.RunAsync(null, null, "demo", "--json");

        using var json = JsonDocument.Parse(result.Output);
        Assert.True(json.RootElement.GetProperty("isCompleted").GetBoolean());
        Assert.Equal("lead-form", json.RootElement.GetProperty("agentId").GetString());
        Assert.Equal(9, json.RootElement.GetProperty("transcript").GetArrayLength());
    }

    [Fact]
    public void Without_release0_sandbox_beside_release0_the_error_says_what_is_missing_and_how_to_get_it()
    {
        // What a native release0 says when its second executable was not installed beside it (none is beside the tests).
        var error = new StringWriter();

        var code = SandboxExecutable.Run(["demo"], error);

        Assert.Equal(1, code);
        var missing = Path.Combine(AppContext.BaseDirectory, "release0-sandbox");
        Assert.Equal($"error: 'release0 demo' runs {missing}, which is missing; reinstall the tool, or publish both executables with 'dotnet publish cli/Release0.Cli -c Release -r RID'.\n", error.ToString());
    }

    [Fact]
    public async Task Sandbox_command_prints_where_to_connect_and_serves_until_stopped()
    {
        // The real executable, as a user runs it: it must print its address and answer requests.
        var cli = Path.Combine(AppContext.BaseDirectory, "release0.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", [cli, "sandbox", "--token", "t0k", "--fault", "503@/api/v1/agents"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var first = await process.StandardOutput.ReadLineAsync();
            Assert.StartsWith("Sandbox listening on http://127.0.0.1:", first);
            var baseUri = new Uri(first!["Sandbox listening on ".Length..]);
            Assert.Equal($"  export RELEASE0_BASE_URI={baseUri}", await process.StandardOutput.ReadLineAsync());
            Assert.Equal("  export RELEASE0_API_TOKEN=t0k", await process.StandardOutput.ReadLineAsync());

            var env = new Dictionary<string, string> { ["RELEASE0_BASE_URI"] = baseUri.ToString(), ["RELEASE0_API_TOKEN"] = "t0k" };
            var result = await CliRun.RunAsync(env, null, "chat", "start", "agent-echo", "--preview", "--verbose");

            // The queued 503 was retried after its Retry-After, then the preview (with the custom token) succeeded.
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("attempt 1 failed (HTTP 503)", result.Error);
            Assert.Contains("agent: I repeat what you say. Say bye to stop.", result.Output);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
