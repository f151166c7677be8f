using ChatClientExample;
using Release0.Sandbox;

namespace Release0.Extensions.AI.Tests;

/// <summary>Runs the IChatClient console example against a sandbox, with the environment a user would export.</summary>
public sealed class ExampleTests
{
    [Fact]
    public async Task The_example_talks_to_the_sandbox_whole_and_streamed_and_fills_the_form()
    {
        await using var server = await SandboxServer.StartAsync();
        var (code, output, error) = await RunAsync(server, server.Token);

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        var lines = output.Split('\n').Select(line => line.TrimEnd('\r')).ToList();
        Assert.Equal(
            [
                "> Hello there", "Echo #1: Hello there",
                "> What did I just say?", "Echo #2: What did I just say?",
                "> Now stream it", "Echo #3: Now stream it",
            ],
            lines.Take(6));
        Assert.Matches(@"^\(conversation conv_\w+, model sandbox-echo, 5 tokens\)$", lines[6]);
        Assert.Equal("you: Team", lines[^3]);
        Assert.Equal("agent: Thanks, Ann! We'll write to ann@example.com about the team plan.", lines[^2]);
        Assert.Equal(3, server.Requests.Count("/v1/api/chat/echo"));
    }

    [Fact]
    public async Task A_rejected_token_ends_with_one_line_on_stderr_and_exit_code_1()
    {
        await using var server = await SandboxServer.StartAsync();
        var (code, output, error) = await RunAsync(server, "wrong-secret-token");

        Assert.Equal(1, code);
        Assert.Equal("> Hello there\n", output.ReplaceLineEndings("\n"));
        Assert.StartsWith("send agent message failed: HTTP 401 UnauthorizedError", error);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("wrong-secret-token", error);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(SandboxServer server, string token)
    {
        var environment = new Dictionary<string, string> { ["RELEASE0_BASE_URI"] = server.BaseUri.ToString(), ["RELEASE0_API_TOKEN"] = token };
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await ExampleRun.RunAsync(name => environment.GetValueOrDefault(name), output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }
}
