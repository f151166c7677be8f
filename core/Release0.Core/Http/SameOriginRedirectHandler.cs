using System.Net;

namespace Release0.Core.Http;

/// <summary>
/// Follows redirects within the request's origin (scheme, host and port) and no further. Another
/// origin would receive the token and the body (a message text, a batch) and its answer would be
/// trusted, so such a redirect comes back to the transport as it is, which reports it naming both
/// hosts. 307 and 308 keep the method and body; 301, 302 and 303 continue as GET without a body,
/// as the HTTP status says. Each hop is a verbose log line.
/// </summary>
internal sealed class SameOriginRedirectHandler : DelegatingHandler
{
    /// <summary>As many hops as a real deployment uses; a loop ends here.</summary>
    public const int MaxHops = 5;

    private readonly IRelease0Log _log;

    public SameOriginRedirectHandler(IRelease0Log log)
    {
        _log = log;
    }

    /// <summary>Why a redirect answer was not followed, or null when the answer is no redirect.</summary>
    public static string? Refusal(Uri requestUri, HttpResponseMessage response)
    {
        if (!IsRedirect(response.StatusCode) || Target(requestUri, response) is not { } target)
        {
            return null;
        }

        return SameOrigin(requestUri, target)
            ? $"the server redirected more than {MaxHops} times (last to {Origin(target)}{target.AbsolutePath}); not followed"
            : $"the server at {Origin(requestUri)} redirected to another origin, {Origin(target)}; not followed, so neither the token nor the request body went there. Point the base URI at the server that answers";
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        for (var hop = 1; hop <= MaxHops && IsRedirect(response.StatusCode); hop++)
        {
            var from = request.RequestUri!;
            if (Target(from, response) is not { } target || !SameOrigin(from, target))
            {
                return response;
            }

            request = Follow(request, target, response.StatusCode);
            _log.Write(Release0LogLevel.Verbose, $"{(int)response.StatusCode} redirect {hop} of at most {MaxHops}: {request.Method} {target.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped)}");
            response.Dispose();
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) => (int)status is 301 or 302 or 303 or 307 or 308;

    private static Uri? Target(Uri from, HttpResponseMessage response) => response.Headers.Location switch
    {
        null => null,
        { IsAbsoluteUri: true } absolute => absolute,
        var relative => new Uri(from, relative),
    };

    private static bool SameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>Scheme, host and port: never a user name or password the Location header may carry.</summary>
    private static string Origin(Uri uri) => $"{uri.Scheme}://{uri.Authority}";

    /// <summary>The next hop's request: the same headers; the method and body only for 307 and 308.</summary>
    private static HttpRequestMessage Follow(HttpRequestMessage previous, Uri target, HttpStatusCode status)
    {
        var keepsMethod = (int)status is 307 or 308 || previous.Method == HttpMethod.Get || previous.Method == HttpMethod.Head;
        var next = new HttpRequestMessage(keepsMethod ? previous.Method : HttpMethod.Get, target)
        {
            Content = keepsMethod ? previous.Content : null,
        };
        foreach (var header in previous.Headers)
        {
            next.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return next;
    }
}
