using System.Globalization;
using System.Net;

namespace Release0.Core.Http;

/// <summary>How long the server asked the client to wait before trying again.</summary>
internal static class ServerRetryDelay
{
    public const string RateLimitResetHeader = "X-RateLimit-Reset";
    public const string RateLimitRemainingHeader = "X-RateLimit-Remaining";

    /// <summary>The end of year 9999, the last moment a date can hold; a later reset says nothing usable.</summary>
    private const long LatestEpochSeconds = 253_402_300_799;

    /// <summary>
    /// <c>Retry-After</c> (seconds or an HTTP date) wins; on 429 without it, <c>X-RateLimit-Reset</c>
    /// (epoch seconds) says when the window opens again. Null when the server said nothing usable.
    /// </summary>
    public static TimeSpan? From(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return NonNegative(delta);
            }

            if (retryAfter.Date is { } date)
            {
                return NonNegative(date - now);
            }
        }

        return response.StatusCode == (HttpStatusCode)429 ? Reset(response, now) : null;
    }

    /// <summary>On an answer that used the window's last call (<c>X-RateLimit-Remaining: 0</c>), how long until it resets.</summary>
    public static TimeSpan? UntilReset(HttpResponseMessage response, DateTimeOffset now) =>
        response.Headers.TryGetValues(RateLimitRemainingHeader, out var remaining) && remaining.FirstOrDefault()?.Trim() == "0" ? Reset(response, now) : null;

    /// <summary>
    /// <c>X-RateLimit-Reset</c> as epoch seconds; a value no date can hold (a hostile or broken server)
    /// is ignored rather than thrown on.
    /// </summary>
    private static TimeSpan? Reset(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.TryGetValues(RateLimitResetHeader, out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epochSeconds)
            && epochSeconds is >= 0 and <= LatestEpochSeconds)
        {
            return NonNegative(DateTimeOffset.FromUnixTimeSeconds(epochSeconds) - now);
        }

        return null;
    }

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
