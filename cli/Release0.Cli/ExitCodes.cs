namespace Release0.Cli;

/// <summary>What <c>release0</c> exits with; scripts rely on these.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The platform returned an error (after retries), or could not be reached.</summary>
    public const int PlatformError = 1;

    /// <summary>Bad usage or input: a missing token, a bad option, an unreadable file.</summary>
    public const int BadInput = 2;

    /// <summary>A wait ran past its deadline.</summary>
    public const int DeadlineExceeded = 3;

    /// <summary>Interrupted by Ctrl+C (SIGINT) or SIGTERM, as shells report a SIGINT death (128 + 2).</summary>
    public const int Interrupted = 130;
}
