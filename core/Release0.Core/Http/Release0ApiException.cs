using System.Text.Json;

namespace Release0.Core.Http;

/// <summary>
/// The one exception for everything that goes wrong talking to the platform. Its message is one
/// line naming the operation, the HTTP status, the platform's code and message, and the request;
/// it never contains the token.
/// </summary>
public sealed class Release0ApiException : Exception
{
    private static readonly TimeSpan MinimumThrottledWait = TimeSpan.FromSeconds(1);

    public Release0ApiException(
        ApiErrorKind kind,
        string operation,
        HttpMethod method,
        Uri requestUri,
        string message,
        int? statusCode = null,
        string? errorCode = null,
        string? apiMessage = null,
        JsonElement? details = null,
        TimeSpan? retryAfter = null,
        int attempts = 1,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Operation = operation;
        Method = method.Method;
        RequestUri = requestUri;
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ApiMessage = apiMessage;
        Details = details;
        RetryAfter = retryAfter;
        Attempts = attempts;
    }

    public ApiErrorKind Kind { get; }

    /// <summary>What was being done, e.g. "continue chat".</summary>
    public string Operation { get; }

    public string Method { get; }

    public Uri RequestUri { get; }

    /// <summary>HTTP status, when the server answered.</summary>
    public int? StatusCode { get; }

    /// <summary>The platform's code (<c>NOT_FOUND</c>) or error name (<c>ValidationError</c>).</summary>
    public string? ErrorCode { get; }

    /// <summary>The platform's own message, as sent (redacted).</summary>
    public string? ApiMessage { get; }

    /// <summary>Validation issues or error details, as sent.</summary>
    public JsonElement? Details { get; }

    /// <summary>How long the server asked us to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// How long to wait before making a <see cref="Throttled"/> call again: <see cref="RetryAfter"/>, and at least a
    /// second, so a platform that sent no delay is not asked again at once.
    /// </summary>
    public TimeSpan ThrottledWait => RetryAfter is { } asked && asked > MinimumThrottledWait ? asked : MinimumThrottledWait;

    /// <summary>How many HTTP attempts were made before giving up.</summary>
    public int Attempts { get; }

    /// <summary>
    /// True when no connection was ever made (refused, unknown host), so the platform cannot have
    /// acted on the request: a submission may be sent again without risking a duplicate.
    /// </summary>
    public bool NothingSent { get; internal set; }

    /// <summary>
    /// True when the platform refused the call for its rate limit (429, or 503 with Retry-After), or the
    /// deadline passed while the call waited for that limit: nothing was created, and the call can be
    /// made again after <see cref="RetryAfter"/>.
    /// </summary>
    public bool Throttled { get; internal set; }
}
