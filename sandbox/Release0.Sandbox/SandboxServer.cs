using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Release0.Sandbox.Agents;
using Release0.Sandbox.Batches;
using Release0.Sandbox.Chat;
using Release0.Sandbox.Faults;

namespace Release0.Sandbox;

/// <summary>
/// A local stand-in for the platform on 127.0.0.1, for tests, the demo and benchmarks. Start it
/// with <see cref="StartAsync"/>; it listens until disposed.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly BatchEndpoints _batches;

    private SandboxServer(WebApplication app, Uri baseUri, SandboxOptions options, FaultInjector faults, RequestJournal requests, StreamGate gate, SubmitGate submits, BatchEndpoints batches, PlatformRateLimit? rateLimit)
    {
        RateLimit = rateLimit;
        SubmitGate = submits;
        _app = app;
        BaseUri = baseUri;
        Token = options.Token;
        Faults = faults;
        Requests = requests;
        StreamGate = gate;
        _batches = batches;
    }

    /// <summary>Where the sandbox listens, e.g. <c>http://127.0.0.1:5123/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The token that authenticated routes accept.</summary>
    public string Token { get; }

    /// <summary>Queue faults for coming requests.</summary>
    public FaultInjector Faults { get; }

    /// <summary>Every API request received.</summary>
    public RequestJournal Requests { get; }

    /// <summary>Releases the <c>gated-stream</c> agent after its first chunk.</summary>
    public StreamGate StreamGate { get; }

    /// <summary>Holds the answers to <c>batch-held</c> submits until opened.</summary>
    public SubmitGate SubmitGate { get; }

    /// <summary>The limit all API routes share (<see cref="SandboxOptions.RateLimit"/>), with what it let through and refused; null without one.</summary>
    public PlatformRateLimit? RateLimit { get; }

    /// <summary>Batch jobs accepted so far.</summary>
    public int BatchSubmissions => _batches.Submissions;

    public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SandboxOptions();
        if (options.MaxRetained < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxRetained must be at least 1 (was {options.MaxRetained}).");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));

        var app = builder.Build();
        var errors = new ErrorWriter(options.ErrorShape);
        var submits = new SubmitGate();
        var faults = new FaultInjector(errors, submits);
        foreach (var spec in options.Faults)
        {
            faults.Add(spec);
        }

        var requests = new RequestJournal(options.MaxRetained);
        var rateLimit = options.RateLimit is { } rate ? new PlatformRateLimit(rate, errors) : null;
        if (options.RequestLog is { } log)
        {
            app.Use(async (context, next) =>
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                try
                {
                    await next(context);
                }
                finally
                {
                    var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? "dropped" : context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    log($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} -> {status} in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
                }
            });
        }

        app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (path.StartsWith("/_sandbox", StringComparison.Ordinal))
            {
                await next(context);
                return;
            }

            requests.Add(new ReceivedRequest(context.Request.Method, path, context.Request.Headers.Authorization.Count > 0, DateTimeOffset.UtcNow));
            if (options.ResponseDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.ResponseDelay, context.RequestAborted);
            }

            if (rateLimit is not null && await rateLimit.TryRefuseAsync(context))
            {
                return;
            }

            if (!await faults.TryHandleAsync(context))
            {
                await next(context);
            }
        });

        new ChatEndpoints(errors, options.Token, options.MaxRetained).Map(app);
        var gate = new StreamGate();
        new AgentMessageEndpoints(options.Token, gate, options.MaxRetained).Map(app);
        var batches = new BatchEndpoints(options, submits);
        batches.Map(app);
        app.MapPost("/_sandbox/submits/open", context =>
        {
            submits.Open();
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        });

        // Lets a shell script queue faults in a running sandbox: curl -d '503*2' .../_sandbox/faults
        app.MapPost("/_sandbox/faults", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var spec = await reader.ReadToEndAsync(context.RequestAborted);
            try
            {
                faults.Add(spec);
                context.Response.StatusCode = 204;
            }
            catch (FormatException ex)
            {
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync(ex.Message);
            }
        });
        // What the rate limit let through and refused, for a script or bench in another process: curl .../_sandbox/rate-limit
        app.MapGet("/_sandbox/rate-limit", context => rateLimit is null
            ? errors.WriteAsync(context, 404, "NOT_FOUND", "This sandbox runs without --rate-limit")
            : Json.WriteAsync(context, 200, new JsonObject
            {
                ["callsPerSecond"] = rateLimit.CallsPerSecond,
                ["admitted"] = rateLimit.Admitted,
                ["refused"] = rateLimit.Refused,
            }));
        app.MapFallback(context => errors.WriteAsync(context, 404, "NOT_FOUND", "Not found"));

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SandboxServer(app, new Uri(address.TrimEnd('/') + "/"), options, faults, requests, gate, submits, batches, rateLimit);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        RateLimit?.Dispose();
    }
}
