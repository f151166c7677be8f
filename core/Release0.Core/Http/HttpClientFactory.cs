using System.Net;
using Release0.Core.Connection;

namespace Release0.Core.Http;

/// <summary>Builds the one HttpClient a connection uses; timeouts are enforced by the pipeline, not here.</summary>
internal static class HttpClientFactory
{
    public static HttpClient Create(Release0ConnectionOptions options, IRelease0Log log, HttpMessageHandler? handler)
    {
        var redirects = new SameOriginRedirectHandler(log) { InnerHandler = handler ?? CreateHandler(options) };
        var client = new HttpClient(redirects, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
        return client;
    }

    private static HttpMessageHandler CreateHandler(Release0ConnectionOptions options)
    {
#if NET8_0_OR_GREATER
        return new SocketsHttpHandler
        {
            UseProxy = options.UseEnvironmentProxy,
            Proxy = options.UseEnvironmentProxy ? new LoopbackBypassProxy(HttpClient.DefaultProxy) : null,

            // Redirects are followed, or refused, by SameOriginRedirectHandler.
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,

            // Long-lived clients (Functions, scheduled jobs) should notice DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.AttemptTimeout,
        };
#else
        return new HttpClientHandler
        {
            UseProxy = options.UseEnvironmentProxy,
            Proxy = options.UseEnvironmentProxy && WebRequest.DefaultWebProxy is { } proxy ? new LoopbackBypassProxy(proxy) : null,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };
#endif
    }
}
