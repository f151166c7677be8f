using Release0.Core.Chats;
using Release0.Core.Connection;
using Release0.Core.Http;

namespace Release0.Core.Tests;

public sealed class SecretTests
{
    [Fact]
    public async Task A_token_echoed_by_the_server_is_redacted_from_the_exception()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("leak");
        using var connection = sandbox.Connect();

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new ChatClient(connection).StartAsync("echo"));

        Assert.Contains("Could not authorize header 'Bearer [redacted]'", error.Message);
        Assert.DoesNotContain(sandbox.Server.Token, error.ToString());
        Assert.DoesNotContain(sandbox.Server.Token, error.ApiMessage);
    }

    [Fact]
    public async Task Verbose_and_debug_logs_never_carry_the_token()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var chats = new ChatClient(connection);

        var session = await chats.StartPreviewAsync("agent-echo", new PreviewChatRequest { Message = ChatReply.FromText("my token is " + sandbox.Server.Token) });

        Assert.Contains(sandbox.Log.Lines, l => l.StartsWith("Verbose: POST http://127.0.0.1:", StringComparison.Ordinal) && l.Contains("/preview/start -> 200 OK in "));
        Assert.Contains(sandbox.Log.Lines, l => l.StartsWith("Debug: ", StringComparison.Ordinal) && l.Contains("request body: {\"message\""));
        Assert.Contains(sandbox.Log.Lines, l => l.Contains("my token is [redacted]"));
        Assert.DoesNotContain(sandbox.Server.Token, sandbox.Log.All);
        Assert.DoesNotContain(sandbox.Server.Token, connection.ToString());
        Assert.DoesNotContain(sandbox.Server.Token, connection.Options.ToString());
        Assert.DoesNotContain(sandbox.Server.Token, session.ToString());
    }

    public static TheoryData<string, string> EchoedForms()
    {
        const string token = "r0_Secret+Token/ForTests=1";
        var bytes = System.Text.Encoding.UTF8.GetBytes(token);
        return new TheoryData<string, string>
        {
            { "as sent", token },
            { "upper case", token.ToUpperInvariant() },
            { "lower case", token.ToLowerInvariant() },
            { "URL-encoded", Uri.EscapeDataString(token) },
            { "JSON \\u escapes", string.Concat(token.Select(c => $"\\u{(int)c:x4}")) },
            { "JSON escaped slash", token.Replace("/", "\\/") },
            { "base64", Convert.ToBase64String(bytes) },
            { "base64url", Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_') },
            { "base64 after one byte", Convert.ToBase64String([.. "x"u8, .. bytes]) },
            { "base64 of a Bearer header", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("Bearer " + token)) },
        };
    }

    [Theory]
    [MemberData(nameof(EchoedForms))]
    public void The_token_is_found_in_the_forms_a_server_echoes_it_in(string form, string echoed)
    {
        var redactor = new SecretRedactor("r0_Secret+Token/ForTests=1");

        var shown = redactor.Redact($"before {echoed} after");

        Assert.DoesNotContain(echoed, shown);
        Assert.Contains(SecretRedactor.Mask, shown);
        Assert.StartsWith("before ", shown);
        Assert.True(shown.EndsWith(" after", StringComparison.Ordinal), form);
        Assert.Equal("nothing secret here", redactor.Redact("nothing secret here"));
    }

    [Fact]
    public void Json_with_the_token_escaped_is_redacted_in_its_decoded_strings()
    {
        var redactor = new SecretRedactor("r0_Secret+Token/ForTests=1");
        using var document = System.Text.Json.JsonDocument.Parse("{\"a\":[\"x r0_Secret\\u002bToken\\/ForTests=1 y\"],\"n\":1}");

        var redacted = redactor.Redact(document.RootElement);

        Assert.Equal("x [redacted] y", redacted.GetProperty("a")[0].GetString());
        Assert.Equal(1, redacted.GetProperty("n").GetInt32());
    }

    [Theory]
    [InlineData("http://release0.example.com")]
    [InlineData("http://10.0.0.8:8080")]
    public void The_token_is_refused_over_plain_http_to_a_remote_host(string uri)
    {
        var options = new Release0ConnectionOptions { BaseUri = new Uri(uri), ApiToken = "secret-value" };

        var error = Assert.Throws<Release0ConfigurationException>(() => new Release0Connection(options));

        Assert.Equal("BaseUri", error.Setting);
        Assert.Contains("Refusing to send the API token over plain http", error.Message);
        Assert.DoesNotContain("secret-value", error.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5000")]
    [InlineData("https://release0.example.com")]
    public void The_token_is_allowed_over_https_and_loopback(string uri)
    {
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = new Uri(uri), ApiToken = "secret-value" });

        Assert.True(connection.HasToken);
    }

    [Fact]
    public void A_per_surface_override_is_checked_too()
    {
        var options = new Release0ConnectionOptions { ApiToken = "t", BatchBaseUri = new Uri("http://batch.example.com") };

        var error = Assert.Throws<Release0ConfigurationException>(options.Validate);

        Assert.Equal("BatchBaseUri", error.Setting);
    }

    [Fact]
    public void Without_a_token_plain_http_to_a_remote_host_is_allowed()
    {
        var options = new Release0ConnectionOptions { BaseUri = new Uri("http://release0.example.com") };

        Assert.Null(Record.Exception(options.Validate));
    }

    [Fact]
    public async Task Without_a_token_nothing_is_sent_as_one_and_a_401_says_which_variable_to_set()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect(withToken: false);

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => new Batches.BatchClient(connection).GetAsync("bj_1", "up_1"));

        Assert.Equal(401, error.StatusCode);
        Assert.Contains("no API token was sent: set RELEASE0_API_TOKEN", error.Message);
        Assert.False(Assert.Single(sandbox.Server.Requests.All).HadAuthorization);
    }

    [Theory]
    [InlineData("tök3n", 2)]
    [InlineData("tok\u20acen", 4)]
    public void A_token_a_header_cannot_carry_is_refused_before_anything_is_sent(string token, int position)
    {
        var options = new Release0ConnectionOptions { ApiToken = token };

        var error = Assert.Throws<Release0ConfigurationException>(options.Validate);

        Assert.Equal("ApiToken", error.Setting);
        Assert.Contains($"not printable ASCII at position {position}; nothing was sent", error.Message);
    }
}
