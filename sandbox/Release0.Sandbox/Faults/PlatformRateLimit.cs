using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Release0.Sandbox.Faults;

/// <summary>
/// A per-token limit like the platform's: one token bucket shared by every API route (chats, slug
/// messages, batch submits and polls), refilled at the configured rate, holding one second's worth.
/// A refused request gets 429 with Retry-After in whole seconds, as HTTP allows.
/// </summary>
public sealed class PlatformRateLimit : IDisposable
{
    private const double MaxCallsPerSecond = 100_000;
    private readonly TokenBucketRateLimiter _bucket;
    private readonly ErrorWriter _errors;
    private long _admitted;
    private long _refused;

    internal PlatformRateLimit(double callsPerSecond, ErrorWriter errors)
    {
        CallsPerSecond = callsPerSecond;
        _errors = errors;

        // Refilled in steps of at least 50 ms: finer timers cost more than they show.
        var perPeriod = Math.Max(1, (int)Math.Round(callsPerSecond * 0.05));
        _bucket = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, (int)Math.Ceiling(callsPerSecond)),
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(perPeriod / callsPerSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    public double CallsPerSecond { get; }

    /// <summary>Requests let through.</summary>
    public long Admitted => Interlocked.Read(ref _admitted);

    /// <summary>Requests answered 429.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Reads <c>20/s</c> or <c>20</c> (calls per second, more than 0).</summary>
    public static double Parse(string spec)
    {
        var text = spec.Trim();
        text = text.EndsWith("/s", StringComparison.OrdinalIgnoreCase) ? text[..^2] : text;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || !(rate > 0 && rate <= MaxCallsPerSecond))
        {
            throw new FormatException($"rate limit '{spec}' is not a number of calls per second between 0 and {MaxCallsPerSecond:0} (for example 20/s).");
        }

        return rate;
    }

    /// <summary>Answers 429 when the bucket is empty; false lets the request through.</summary>
    internal async Task<bool> TryRefuseAsync(HttpContext context)
    {
        using var lease = _bucket.AttemptAcquire();
        if (lease.IsAcquired)
        {
            Interlocked.Increment(ref _admitted);
            return false;
        }

        Interlocked.Increment(ref _refused);
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1 / CallsPerSecond);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Limit"] = CallsPerSecond.ToString(CultureInfo.InvariantCulture);
        await _errors.WriteAsync(context, 429, "TOO_MANY_REQUESTS", $"Rate limit of {CallsPerSecond.ToString(CultureInfo.InvariantCulture)} calls per second exceeded; retry after the time in Retry-After.");
        return true;
    }

    public void Dispose() => _bucket.Dispose();
}
