using Microsoft.AspNetCore.Http;
using Release0.Sandbox;

namespace Release0.Cli.Tests;

/// <summary>
/// Issue 27, point 4: the token and the request body reach only the platform's origin, and no text
/// the server sends back carries the token to the terminal or to a file, in any encoding.
/// </summary>
public sealed class TokenExposureTests
{
    private static readonly string[] Submit = ["batch", "submit", "--agent", "a1", "--project-env", "pe_1", "--user-profile", "up_1", "--message", "private message text", "--retries", "0"];

    [Fact]
    public async Task A_proxy_from_the_environment_is_not_used_for_a_loopback_platform()
    {
        await using var proxy = await HostileServer.StartAsync(context => context.Response.WriteAsync("{\"data\":{\"response\":\"from the proxy\"}}"));
        await using var sandbox = await SandboxServer.StartAsync();
        var environment = CliRun.EnvironmentFor(sandbox);
        environment["HTTP_PROXY"] = environment["http_proxy"] = environment["ALL_PROXY"] = proxy.BaseUri.ToString();

        using var cli = CliProcess.Start(environment, null, "ask", "echo", "hi");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Echo #1: hi\n", result.Output);
        Assert.Empty(proxy.Received);
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    [InlineData(301)]
    [InlineData(302)]
    public async Task A_redirect_to_another_origin_is_not_followed_and_names_both(int status)
    {
        await using var other = await HostileServer.StartAsync(context => context.Response.WriteAsync("{\"batchJobId\":\"b_other\"}"));
        await using var platform = await HostileServer.StartAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = new Uri(other.BaseUri, "api/v1/chat/batch-message").ToString();
            return Task.CompletedTask;
        });

        using var cli = CliProcess.Start(platform.Environment(), null, [.. Submit, "--verbose"]);
        var result = await cli.WaitForExitAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Empty(other.Received);
        var line = UserSees.OneLine(result.Error.Split('\n').Where(l => !l.StartsWith("verbose: ", StringComparison.Ordinal)).Aggregate("", (all, l) => l.Length == 0 ? all : all + l + "\n"));
        Assert.Contains($"HTTP {status}: the server at {platform.BaseUri.GetLeftPart(UriPartial.Authority)} redirected to another origin, {other.BaseUri.GetLeftPart(UriPartial.Authority)}; not followed", line);
        Assert.DoesNotContain("b_other", result.Output + result.Error);
        UserSees.NoToken(result.Output + result.Error);
    }

    [Theory]
    [InlineData(307, "POST", "private message text")]
    [InlineData(302, "GET", "")]
    public async Task A_redirect_within_the_origin_keeps_the_method_and_body_only_where_the_status_says(int status, string method, string body)
    {
        await using var platform = await HostileServer.StartAsync(context =>
        {
            if (context.Request.Path == "/moved")
            {
                return context.Response.WriteAsync("{\"batchJobId\":\"b_moved\"}");
            }

            context.Response.StatusCode = status;
            context.Response.Headers.Location = "/moved";
            return Task.CompletedTask;
        });

        using var cli = CliProcess.Start(platform.Environment(), null, [.. Submit, "--verbose"]);
        var result = await cli.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("b_moved", result.Output);
        var hop = platform.Received.Last();
        Assert.Equal((method, "/moved", "Bearer " + HostileServer.Token), (hop.Method, hop.Path, hop.Authorization));
        Assert.Contains(body, hop.Body);
        Assert.Contains($"verbose: {status} redirect 1 of at most 5: {method} {platform.BaseUri}moved", result.Error);
    }

    [Fact]
    public async Task A_redirect_loop_ends_after_five_hops_in_one_line()
    {
        await using var platform = await HostileServer.StartAsync(context =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = "http://user:hunter2@" + context.Request.Host + "/loop";
            return Task.CompletedTask;
        });

        using var cli = CliProcess.Start(platform.Environment(), null, Submit);
        var result = await cli.WaitForExitAsync();

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"HTTP 307: the server redirected more than 5 times (last to {platform.BaseUri}loop); not followed", UserSees.OneLine(result.Error));
        Assert.Equal(6, platform.Received.Count);
        Assert.DoesNotContain("hunter2", result.Error);
    }

    [Fact]
    public async Task A_poll_answer_echoing_the_token_in_any_encoding_shows_none_of_it()
    {
        var echoes = $"plain {HostileServer.Token} url {Uri.EscapeDataString(HostileServer.Token)} upper {HostileServer.Token.ToUpperInvariant()} base64 {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(HostileServer.Token))}";
        var escaped = string.Concat(HostileServer.Token.Select(c => $"\\u{(int)c:x4}"));
        await using var platform = await HostileServer.StartAsync(context => context.Response.WriteAsync($"{{\"status\":\"failed\",\"error\":{{\"message\":\"{echoes} json {escaped}\"}},\"echo\":\"{escaped}\"}}"));

        using var text = CliProcess.Start(platform.Environment(), null, "batch", "get", "b_1", "--user-profile", "up_1");
        using var json = CliProcess.Start(platform.Environment(), null, "batch", "get", "b_1", "--user-profile", "up_1", "--json");
        var shown = await text.WaitForExitAsync();
        var printed = await json.WaitForExitAsync();

        Assert.Contains("[redacted]", shown.Output + shown.Error);
        Assert.Contains("[redacted]", printed.Output);
        UserSees.NoToken(shown.Output + shown.Error);
        UserSees.NoToken(printed.Output);
        UserSees.NoToken(printed.Error);
    }

    [Theory]
    [InlineData("http://user:hunter2@127.0.0.1:9/", "carries a user name or password")]
    [InlineData("http://127.0.0.1:9/?key=hunter2", "has a query or fragment")]
    [InlineData("http://127.0.0.1:9/#hunter2", "has a query or fragment")]
    public async Task A_base_uri_with_credentials_or_a_query_is_refused_without_repeating_them(string baseUri, string reason)
    {
        using var cli = CliProcess.Start(new Dictionary<string, string> { ["RELEASE0_BASE_URI"] = baseUri }, null, "ask", "echo", "hi", "--verbose");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(reason, UserSees.OneLine(result.Error));
        Assert.DoesNotContain("hunter2", result.Output + result.Error);
    }
}
