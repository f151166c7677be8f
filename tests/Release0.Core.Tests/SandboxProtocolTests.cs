using System.Net;
using System.Text;
using System.Text.Json;

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
}
