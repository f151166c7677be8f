using System.Net;
using System.Text;
using System.Text.Json;
using Release0.Sandbox;

namespace Release0.Core.Tests;

/// <summary>The sandbox answers protocol mistakes the way the platform does (contract sections 3 and 12).</summary>
public sealed class SandboxProtocolTests
{
    [Theory]
    [InlineData(null, "Missing content-type header")]
    [InlineData("text/plain", "Unsupported content-type \"text/plain; charset=utf-8\"")]
    public async Task Wrong_content_type_is_415(string? mediaType, string message)
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var http = new HttpClient();
        var content = new StringContent("{}", Encoding.UTF8, mediaType ?? "text/plain");
        if (mediaType is null)
        {
            content.Headers.ContentType = null;
        }

        var response = await http.PostAsync(new Uri(sandbox.Server.BaseUri, "api/v1/agents/echo/start"), content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", body.RootElement.GetProperty("code").GetString());
        Assert.Equal(message, body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Malformed_json_is_a_parse_error_and_unknown_routes_are_404()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var http = new HttpClient();

        var malformed = await http.PostAsync(new Uri(sandbox.Server.BaseUri, "api/v1/agents/echo/start"), new StringContent("{oops", Encoding.UTF8, "application/json"));
        var unknown = await http.GetAsync(new Uri(sandbox.Server.BaseUri, "api/v1/nothing-here"));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("PARSE_ERROR", await malformed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("""{"code":"NOT_FOUND","message":"Not found"}""", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bare_string_message_and_prefilled_variables_are_accepted()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var http = new HttpClient();

        var response = await http.PostAsync(
            new Uri(sandbox.Server.BaseUri, "api/v1/agents/lead-form/start"),
            new StringContent("""{"message":"Eve","prefilledVariables":{"Company":"Acme"},"unknownField":1}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Nice to meet you, Eve.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Faults_can_be_queued_over_http_and_bad_specs_are_explained()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var http = new HttpClient();

        var queued = await http.PostAsync(new Uri(sandbox.Server.BaseUri, "_sandbox/faults"), new StringContent("503*1@/api/v1/agents"));
        var bad = await http.PostAsync(new Uri(sandbox.Server.BaseUri, "_sandbox/faults"), new StringContent("418"));
        var faulted = await http.PostAsync(new Uri(sandbox.Server.BaseUri, "api/v1/agents/echo/start"), new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NoContent, queued.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Unknown fault kind '418'", await bad.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.StatusCode);
        Assert.Equal("1", faulted.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ToString());
    }

    [Fact]
    public async Task The_rate_limit_says_over_http_what_it_let_through_and_refused()
    {
        await using var limited = await SandboxServer.StartAsync(new SandboxOptions { RateLimit = 1 });
        await using var unlimited = await SandboxServer.StartAsync();
        using var http = new HttpClient();

        var first = await http.PostAsync(new Uri(limited.BaseUri, "api/v1/agents/echo/start"), new StringContent("{}", Encoding.UTF8, "application/json"));
        var second = await http.PostAsync(new Uri(limited.BaseUri, "api/v1/agents/echo/start"), new StringContent("{}", Encoding.UTF8, "application/json"));
        using var counts = JsonDocument.Parse(await http.GetStringAsync(new Uri(limited.BaseUri, "_sandbox/rate-limit")));
        var none = await http.GetAsync(new Uri(unlimited.BaseUri, "_sandbox/rate-limit"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(1, counts.RootElement.GetProperty("callsPerSecond").GetDouble());
        Assert.Equal(1, counts.RootElement.GetProperty("admitted").GetInt64());
        Assert.Equal(1, counts.RootElement.GetProperty("refused").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("without --rate-limit", await none.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"resultId":5}""", "resultId", "Expected string, received number")]
    [InlineData("""{"isOnlyRegistering":"yes"}""", "isOnlyRegistering", "Expected boolean, received string")]
    [InlineData("""{"isStreamEnabled":"x"}""", "isStreamEnabled", "Expected boolean, received string")]
    [InlineData("""{"textBubbleContentFormat":5}""", "textBubbleContentFormat", "Expected 'richText' | 'markdown', received number")]
    [InlineData("""{"message":{"type":"text","text":"hi","attachedFileUrls":"x"}}""", "message.attachedFileUrls", "Expected array of strings")]
    [InlineData("""{"message":{"type":"text","text":"hi","metadata":{"replyId":7}}}""", "message.metadata.replyId", "Expected string, received number")]
    [InlineData("""{"message":null}""", "message", "Expected string or object, received null")]
    public async Task Bodies_the_platform_rejects_are_400_before_auth_and_lookup(string body, string path, string message)
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var http = new HttpClient();

        // No token, an agent that does not exist, a session that does not exist: the body is still judged first.
        var preview = await http.PostAsync(new Uri(sandbox.Server.BaseUri, "api/v1/agents/agent-nobody/preview/start"), new StringContent(body, Encoding.UTF8, "application/json"));
        var proceed = await http.PostAsync(new Uri(sandbox.Server.BaseUri, "api/v1/sessions/nosuchsession/continue"), new StringContent(body, Encoding.UTF8, "application/json"));

        foreach (var response in new[] { preview, proceed })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("BAD_REQUEST", json.RootElement.GetProperty("code").GetString());
            var issue = Assert.Single(json.RootElement.GetProperty("issues").EnumerateArray());
            Assert.Equal(path, string.Join(".", issue.GetProperty("path").EnumerateArray().Select(p => p.GetString())));
            Assert.Equal(message, issue.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task Old_sessions_and_journal_entries_are_forgotten_past_the_limit()
    {
        await using var server = await Release0.Sandbox.SandboxServer.StartAsync(new Release0.Sandbox.SandboxOptions { MaxRetained = 2 });
        using var http = new HttpClient();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var started = await http.PostAsync(new Uri(server.BaseUri, "api/v1/agents/echo/start"), new StringContent("{}", Encoding.UTF8, "application/json"));
            using var json = JsonDocument.Parse(await started.Content.ReadAsStringAsync());
            ids.Add(json.RootElement.GetProperty("sessionId").GetString()!);
        }

        var oldest = await http.PostAsync(new Uri(server.BaseUri, $"api/v1/sessions/{ids[0]}/continue"), new StringContent("""{"message":"hi"}""", Encoding.UTF8, "application/json"));
        var newest = await http.PostAsync(new Uri(server.BaseUri, $"api/v1/sessions/{ids[2]}/continue"), new StringContent("""{"message":"hi"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, oldest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newest.StatusCode);
        Assert.Equal(2, server.Requests.All.Count);
        Assert.All(server.Requests.All, r => Assert.Contains("/continue", r.Path));
    }

    [Fact]
    public async Task Verbose_sandbox_logs_each_request_with_its_status()
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var server = await Release0.Sandbox.SandboxServer.StartAsync(new Release0.Sandbox.SandboxOptions { RequestLog = lines.Enqueue });
        using var http = new HttpClient();

        await http.PostAsync(new Uri(server.BaseUri, "api/v1/agents/echo/start"), new StringContent("{}", Encoding.UTF8, "application/json"));
        await http.PostAsync(new Uri(server.BaseUri, "api/v1/agents/nobody/start"), new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Collection(
            lines,
            l => Assert.Matches(@"^POST /api/v1/agents/echo/start -> 200 in \d+ ms$", l),
            l => Assert.Matches(@"^POST /api/v1/agents/nobody/start -> 404 in \d+ ms$", l));
    }
}
