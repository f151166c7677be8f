namespace Release0.Core.Http;

/// <summary>
/// Stands in for a transport exception inside <see cref="Release0ApiException"/>: keeps its type
/// name and (redacted) message for diagnosis without carrying objects that could hold the request.
/// </summary>
public sealed class RedactedInnerException : Exception
{
    public RedactedInnerException(string message, string originalType)
        : base($"{originalType}: {message}")
    {
        OriginalType = originalType;
    }

    public string OriginalType { get; }
}
