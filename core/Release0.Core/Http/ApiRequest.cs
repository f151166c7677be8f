using Release0.Core.Connection;

namespace Release0.Core.Http;

/// <summary>One logical call to the platform (it may take several HTTP attempts).</summary>
internal sealed class ApiRequest
{
    public ApiRequest(string operation, ApiSurface surface, HttpMethod method, string relativePath, byte[]? jsonBody, bool safeToRepeat)
    {
        Operation = operation;
        Surface = surface;
        Method = method;
        RelativePath = relativePath;
        JsonBody = jsonBody;
        SafeToRepeat = safeToRepeat;
    }

    /// <summary>Human name used in errors and logs, e.g. "continue chat".</summary>
    public string Operation { get; }

    public ApiSurface Surface { get; }

    public HttpMethod Method { get; }

    /// <summary>Path below the surface's base URI, already escaped, e.g. <c>api/v1/sessions/abc/continue</c>.</summary>
    public string RelativePath { get; }

    public byte[]? JsonBody { get; }

    /// <summary>
    /// True for reads such as batch polls. A call that could start, continue or submit something is
    /// never resent once the server may have acted on it.
    /// </summary>
    public bool SafeToRepeat { get; }

    /// <summary>Media type to ask for; JSON unless the caller streams.</summary>
    public string Accept { get; init; } = "application/json";
}
