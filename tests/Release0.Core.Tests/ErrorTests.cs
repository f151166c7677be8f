using System.Net;
using Release0.Core.Chats;
using Release0.Core.Http;
using Release0.Core.Messages;
using Release0.Sandbox;

namespace Release0.Core.Tests;

public sealed class ErrorTests
{
    [Fact]
    public async Task Orpc_error_shape_is_read_like_the_trpc_one()
    {
        await using var sandbox = await Sandbox.StartAsync(ErrorShape.Orpc);
        using var connection = sandbox.Connect();

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new ChatClient(connection).ContinueAsync("doesnotexist", ChatReply.FromText("hi")));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("NOT_FOUND", error.ErrorCode);
        Assert.Equal("Session not found.", error.ApiMessage);
        Assert.Equal(ApiErrorKind.Http, error.Kind);
    }

    [Fact]
    public async Task Html_page_from_a_proxy_becomes_a_readable_one_line_error()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("502");
        using var connection = sandbox.Connect();

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new ChatClient(connection).StartAsync("echo"));

        Assert.Equal(502, error.StatusCode);
        Assert.Null(error.ErrorCode);
        Assert.Contains("HTTP 502: non-JSON response (text/html): 502 Bad Gateway", error.Message);
        Assert.DoesNotContain("\n", error.Message);
        Assert.Equal(1, sandbox.Server.Requests.Count("/api/v1/agents/echo/start"));
    }

    [Fact]
    public async Task Empty_error_body_still_names_the_status()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("504");
        using var connection = sandbox.Connect();

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new ChatClient(connection).StartAsync("echo"));

        Assert.Equal(504, error.StatusCode);
        Assert.Contains("HTTP 504: empty response body (504 GatewayTimeout)", error.Message);
    }

    [Fact]
    public async Task Validation_issues_are_kept_as_details()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection);
        var session = await chats.StartAsync("echo");

        // The client cannot build a bad message type, so send one by hand to see the server's validation shape.
        using var http = new HttpClient();
        var response = await http.PostAsync(
            new Uri(sandbox.Server.BaseUri, $"api/v1/sessions/{session.SessionId}/continue"),
            new StringContent("""{"message":{"type":"video"}}""", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var parsed = ApiErrorParser.Parse(response.StatusCode, "application/json", body);

        Assert.Equal("BAD_REQUEST", parsed.Code);
        Assert.Equal("Input validation failed", parsed.Message);
        Assert.Equal("type", parsed.Details!.Value[0].GetProperty("path")[1].GetString());
    }

    [Theory]
    [InlineData("""{"code":"BAD_REQUEST","message":"Invalid input data","issues":[]}""", "BAD_REQUEST", "Invalid input data")]
    [InlineData("""{"defined":false,"code":"NOT_FOUND","status":404,"message":"Session not found."}""", "NOT_FOUND", "Session not found.")]
    [InlineData("""{"data":null,"error":{"status":400,"name":"ValidationError","message":"message is required","details":{"errors":[{"path":["message"],"message":"required","name":"ValidationError"}]}}}""", "ValidationError", "message is required")]
    [InlineData("""{"message":"Could not find session"}""", null, "Could not find session")]
    [InlineData("""{"error":"quota exceeded"}""", null, "quota exceeded")]
    public void Every_documented_error_shape_yields_code_and_message(string body, string? code, string message)
    {
        var parsed = ApiErrorParser.Parse(HttpStatusCode.BadRequest, "application/json", body);

        Assert.Equal(code, parsed.Code);
        Assert.Equal(message, parsed.Message);
    }

    [Fact]
    public void Strapi_validation_details_are_kept()
    {
        var parsed = ApiErrorParser.Parse(HttpStatusCode.BadRequest, "application/json", """{"data":null,"error":{"name":"ValidationError","message":"bad","details":{"errors":[{"path":["message"],"message":"required"}]}}}""");

        Assert.Equal("required", parsed.Details!.Value.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public void Unrecognised_json_and_plain_text_are_shown_rather_than_lost()
    {
        Assert.Equal("""{"unexpected":true}""", ApiErrorParser.Parse(HttpStatusCode.InternalServerError, "application/json", """{"unexpected":true}""").Message);
        Assert.Equal("non-JSON response (text/plain): upstream reset", ApiErrorParser.Parse(HttpStatusCode.BadGateway, "text/plain", "upstream &nbsp;\n reset").Message);
    }

    [Fact]
    public async Task A_successful_status_with_a_non_json_body_is_an_invalid_response()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("html200");
        using var connection = sandbox.Connect();

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new ChatClient(connection).StartAsync("echo"));

        Assert.Equal(ApiErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("the server answered 200 with a body that is not JSON: <html><body>Welcome to the captive portal</body></html>", error.Message);
    }

    [Fact]
    public async Task An_html_page_answering_a_stream_request_is_an_invalid_response_not_a_cut_reply()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("html200");
        using var connection = sandbox.Connect();

        await using var reply = new AgentMessageClient(connection).Stream("echo", "hi").GetAsyncEnumerator();

        var error = await Assert.ThrowsAsync<Release0ApiException>(async () => await reply.MoveNextAsync());

        Assert.Equal(ApiErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("the server answered a stream request with an HTML page (HTTP 200, text/html), not an event stream", error.Message);
    }
}
