using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Release0.Core.Connection;

namespace Release0.Bench.Baselines;

/// <summary>
/// The harder baseline: what a careful user would write instead of using the core. One HttpClient,
/// request bodies serialized with System.Text.Json source generation into the same bytes (and
/// headers) the core sends, responses deserialized into equivalent typed models; errors are a
/// thrown status, nothing is retried and no deadline is kept.
/// </summary>
internal sealed class TypedClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly AuthenticationHeaderValue _authorization;

    /// <param name="handler">Only for the in-memory call-path benchmark; a real socket otherwise.</param>
    public TypedClient(Uri baseUri, string token, HttpMessageHandler? handler = null)
    {
        // The same headers the core sends (its User-Agent, and Accept-Encoding through automatic decompression), so only the client code differs.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate }) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", new Release0ConnectionOptions().UserAgent);
        _baseUri = baseUri;
        _authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Task<TypedTurn> StartAsync(string publicId) =>
        PostAsync($"api/v1/agents/{Uri.EscapeDataString(publicId)}/start", new TypedChatRequest { TextBubbleContentFormat = "richText" });

    public Task<TypedTurn> ContinueAsync(string sessionId, string text) =>
        PostAsync($"api/v1/sessions/{Uri.EscapeDataString(sessionId)}/continue", new TypedChatRequest { Message = new TypedReply { Text = text }, TextBubbleContentFormat = "richText" });

    public async Task<TypedAgentData> SendAsync(string slug, string message)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new TypedAgentRequest { Message = message }, TypedJsonContext.Default.TypedAgentRequest);
        using var request = Request($"v1/api/chat/{Uri.EscapeDataString(slug)}", body);
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var envelope = await response.Content.ReadFromJsonAsync(TypedJsonContext.Default.TypedAgentEnvelope).ConfigureAwait(false);
        return envelope?.Data ?? throw new InvalidOperationException("The reply has no data object.");
    }

    public void Dispose() => _http.Dispose();

    private async Task<TypedTurn> PostAsync(string path, TypedChatRequest body)
    {
        using var request = Request(path, JsonSerializer.SerializeToUtf8Bytes(body, TypedJsonContext.Default.TypedChatRequest));
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(TypedJsonContext.Default.TypedTurn).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The reply is empty.");
    }

    private HttpRequestMessage Request(string path, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUri, path)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Authorization = _authorization;
        return request;
    }
}
