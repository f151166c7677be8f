namespace Release0.Core.Http;

public enum ApiErrorKind
{
    /// <summary>The server answered with an error status.</summary>
    Http,

    /// <summary>No answer within the attempt timeout or the operation's deadline.</summary>
    Timeout,

    /// <summary>The connection failed or was dropped.</summary>
    Network,

    /// <summary>The server answered 2xx with a body that is not what the API promises.</summary>
    InvalidResponse,
}
