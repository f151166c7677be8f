using System.Globalization;

namespace Release0.Sandbox.Faults;

public enum FaultKind
{
    /// <summary>429 with Retry-After (seconds = argument, default 1).</summary>
    RateLimited,

    /// <summary>429 with X-RateLimit-Reset (epoch seconds, argument seconds from now, default 1).</summary>
    RateLimitedReset,

    /// <summary>429 with an X-RateLimit-Reset no date can hold (99999999999999), as a broken or hostile server sends.</summary>
    RateLimitedFarReset,

    /// <summary>429 with Retry-After 60, answered only once argument <c>batch-held</c> submits wait at the gate (so they are all in flight first).</summary>
    RateLimitedWhenHeld,

    /// <summary>500 with a JSON error body.</summary>
    ServerError,

    /// <summary>500 whose message echoes the request's Authorization header (for redaction tests).</summary>
    LeakToken,

    /// <summary>502 with an HTML page, as a proxy sends.</summary>
    BadGatewayHtml,

    /// <summary>503 with Retry-After (seconds = argument, default 1).</summary>
    Unavailable,

    /// <summary>503 without Retry-After: unavailable, without saying for how long (a failure, not a rate limit).</summary>
    UnavailableBare,

    /// <summary>504 with an empty body.</summary>
    GatewayTimeoutEmpty,

    /// <summary>The connection is dropped without a response.</summary>
    Drop,

    /// <summary>The real answer, after a delay of argument milliseconds (default 2000).</summary>
    Slow,

    /// <summary>200 OK with an HTML page instead of JSON, as a misconfigured proxy sends.</summary>
    HtmlOk,
}

/// <summary>
/// A deterministic fault for the next <see cref="Count"/> requests whose path starts with
/// <see cref="PathPrefix"/>. Spec: <c>KIND[=ARG][*COUNT][@PATH]</c>, e.g. <c>429=2*3@/api/v1/sessions</c>.
/// Kinds: 429, 429-reset, 429-far, 429-held, 500, leak, 502, 503, 503-bare, 504, drop, slow, html200.
/// </summary>
public sealed class FaultRule
{
    private int _remaining;

    public FaultRule(FaultKind kind, int? argument = null, int count = 1, string pathPrefix = "/")
    {
        Kind = kind;
        Argument = argument;
        Count = count;
        PathPrefix = pathPrefix;
        _remaining = count;
    }

    public FaultKind Kind { get; }

    public int? Argument { get; }

    public int Count { get; }

    public string PathPrefix { get; }

    public static FaultRule Parse(string spec)
    {
        var rest = spec.Trim();
        var path = "/";
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            path = rest[(at + 1)..];
            rest = rest[..at];
        }

        var count = 1;
        var star = rest.IndexOf('*');
        if (star >= 0)
        {
            count = ParseNumber(rest[(star + 1)..], spec, "count");
            rest = rest[..star];
        }

        int? argument = null;
        var equals = rest.IndexOf('=');
        if (equals >= 0)
        {
            argument = ParseNumber(rest[(equals + 1)..], spec, "argument");
            rest = rest[..equals];
        }

        var kind = rest.ToLowerInvariant() switch
        {
            "429" => FaultKind.RateLimited,
            "429-reset" => FaultKind.RateLimitedReset,
            "429-far" => FaultKind.RateLimitedFarReset,
            "429-held" => FaultKind.RateLimitedWhenHeld,
            "500" => FaultKind.ServerError,
            "leak" => FaultKind.LeakToken,
            "502" => FaultKind.BadGatewayHtml,
            "503" => FaultKind.Unavailable,
            "503-bare" => FaultKind.UnavailableBare,
            "504" => FaultKind.GatewayTimeoutEmpty,
            "drop" => FaultKind.Drop,
            "slow" => FaultKind.Slow,
            "html200" => FaultKind.HtmlOk,
            _ => throw new FormatException($"Unknown fault kind '{rest}' in '{spec}'. Use one of: 429, 429-reset, 429-far, 429-held, 500, leak, 502, 503, 503-bare, 504, drop, slow, html200."),
        };
        return new FaultRule(kind, argument, count, path.Length == 0 ? "/" : path);
    }

    /// <summary>True (and one use consumed) when this rule applies to the path.</summary>
    internal bool TryTake(string path) =>
        path.StartsWith(PathPrefix, StringComparison.Ordinal) && Interlocked.Decrement(ref _remaining) >= 0;

    private static int ParseNumber(string text, string spec, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"The {what} in fault '{spec}' must be a whole number (was '{text}').");
}
