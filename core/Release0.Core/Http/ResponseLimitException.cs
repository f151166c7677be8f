using Release0.Core.Connection;

namespace Release0.Core.Http;

/// <summary>
/// An answer grew past <see cref="Release0ConnectionOptions.MaxResponseBytes"/> while it was read.
/// Raised by the readers, which know no request; callers turn it into a <see cref="Release0ApiException"/>
/// of kind <see cref="ApiErrorKind.InvalidResponse"/> with <see cref="Describe"/>.
/// </summary>
internal sealed class ResponseLimitException : Exception
{
    public ResponseLimitException(long limit)
        : base($"over the limit of {Size(limit)}")
    {
        Limit = limit;
    }

    public long Limit { get; }

    /// <summary>Says what was too large, the limit, and the setting that raises it.</summary>
    public string Describe(string what) =>
        $"{what} is larger than the limit of {Size(Limit)}; reading stopped there (raise it with {Release0ConnectionOptions.MaxResponseVariable}, or {nameof(Release0ConnectionOptions.MaxResponseBytes)} in code)";

    private static string Size(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes:N0} bytes";
}
