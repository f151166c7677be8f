using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Release0.Functions.HostTests;

/// <summary>
/// The platform while it is down: every request answered 503 without Retry-After (an outage, not throttling),
/// on the address the sandbox had, so the app keeps calling the same base URI throughout.
/// </summary>
public sealed class DownPlatform : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private DownPlatform(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Requests answered so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static async Task<DownPlatform> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var down = new DownPlatform(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref down._requests);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsJsonAsync(new { code = "SERVICE_UNAVAILABLE", message = "The platform is down for maintenance." });
        });
        await app.StartAsync();
        return down;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
