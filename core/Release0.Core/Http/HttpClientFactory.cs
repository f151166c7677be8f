using System.Net;
using Release0.Core.Connection;

namespace Release0.Core.Http;

/// <summary>Builds the one HttpClient a connection uses; timeouts are enforced by the pipeline, not here.</summary>
internal static class HttpClientFactory
{
    public static HttpClient Create(Release0ConnectionOptions options, HttpMessageHandler? handler)
    {
        var client = new HttpClient(handler ?? CreateHandler(options), disposeHandler: true)
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
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,

            // Long-lived clients (Functions, scheduled jobs) should notice DNS changes.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = options.AttemptTimeout,
        };
#else
        return new HttpClientHandler
        {
            UseProxy = options.UseEnvironmentProxy,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };
#endif
    }
}
