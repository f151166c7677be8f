using System.Net.Http.Headers;
using System.Text;

namespace Release0.Bench.Baselines;

/// <summary>The baseline: a plain HttpClient sending the same bytes the core sends, and reading the body.</summary>
internal sealed class RawClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _baseUri;
    private readonly string _token;

    /// <param name="handler">Only for the in-memory call-path benchmark; a real socket otherwise.</param>
    public RawClient(Uri baseUri, string token, HttpMessageHandler? handler = null)
    {
        _http = new HttpClient(handler ?? new SocketsHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        _baseUri = baseUri;
        _token = token;
    }

    public async Task<byte[]> PostAsync(string path, string json)
    {
        using var request = Request(path, json, "application/json");
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    public async Task<HttpResponseMessage> PostForStreamAsync(string path, string json)
    {
        using var request = Request(path, json, "text/event-stream");
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return response;
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Request(string path, string json, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUri, path))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return request;
    }
}
