namespace Release0.Core.Http;

public enum ApiErrorKind
{
    /// <summary>The server answered with an error status.</summary>
    Http,

    /// <summary>No answer within the attempt timeout or the operation's deadline.</summary>
    Timeout,

    /// <summary>The connection failed or was dropped.</summary>
    Network,

    /// <summary>
    /// The server answered 2xx with a body that is not what the API promises: not UTF-8, not JSON, a
    /// malformed id, a poll status no rule knows, or larger than <c>MaxResponseBytes</c> (the message says which).
    /// </summary>
    InvalidResponse,

    /// <summary>A streamed reply carried an error event after it had started.</summary>
    StreamError,

    /// <summary>A streamed reply ended before its end marker; the text so far is kept.</summary>
    IncompleteResponse,

}
