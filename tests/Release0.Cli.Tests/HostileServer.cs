using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Release0.Cli.Tests;

/// <summary>
/// A server on 127.0.0.1 that answers every request with whatever the test says, the way a broken
/// or malicious platform (or a proxy, or the host a redirect points to) would, and keeps what it received.
/// </summary>
internal sealed class HostileServer : IAsyncDisposable
{
    /// <summary>The token the tests hand the CLI; no output or file may hold it in any form.</summary>
    public const string Token = "r0_Secret+Token/ForHostile=Tests";

    private readonly WebApplication _app;

    private HostileServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>Each request as received: method, path and query, Authorization header, body.</summary>
    public ConcurrentQueue<(string Method, string Path, string? Authorization, string Body)> Received { get; } = new();

    public static async Task<HostileServer> StartAsync(Func<HttpContext, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        HostileServer? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            server!.Received.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.FirstOrDefault(), body));
            try
            {
                await answer(context);
            }
            catch (Exception) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away, as the tests expect it to.
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new HostileServer(app, new Uri(address + "/"));
        return server;
    }

    /// <summary>What a user exports to point the CLI here, with the test token.</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["RELEASE0_BASE_URI"] = BaseUri.ToString(),
        ["RELEASE0_API_TOKEN"] = Token,
        ["RELEASE0_POLL_HISTORY"] = Path.Combine(Path.GetTempPath(), $"release0-hostile-{Guid.NewGuid():N}.json"),
    };

    /// <summary>Writes <paramref name="total"/> bytes of <paramref name="unit"/> repeated, without holding them.</summary>
    public static async Task WriteRepeatedAsync(HttpResponse response, byte[] unit, long total)
    {
        var block = new byte[Math.Max(1, 64 * 1024 / unit.Length) * unit.Length];
        for (var at = 0; at < block.Length; at++)
        {
            block[at] = unit[at % unit.Length];
        }

        for (long sent = 0; sent < total;)
        {
            var count = (int)Math.Min(block.Length, total - sent);
            await response.Body.WriteAsync(block.AsMemory(0, count), response.HttpContext.RequestAborted);
            sent += count;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
