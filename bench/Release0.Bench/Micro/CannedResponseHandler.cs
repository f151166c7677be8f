using System.Net;
using System.Text;

namespace Release0.Bench.Micro;

/// <summary>Answers every request with the same JSON body, in memory, so a benchmark sees only client-side cost.</summary>
internal sealed class CannedResponseHandler : HttpMessageHandler
{
    private readonly byte[] _body;

    public CannedResponseHandler(string json)
    {
        _body = Encoding.UTF8.GetBytes(json);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Read the request body as a server would, so serialization costs are not skipped.
        if (request.Content is { } content)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken);
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(_body), RequestMessage = request };
        response.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        return response;
    }
}
