namespace Release0.Core.Http;

public enum Release0LogLevel
{
    /// <summary>Request and response bodies.</summary>
    Debug,

    /// <summary>Method, URI, status, timing, retries.</summary>
    Verbose,

    /// <summary>Something the user should know even when things succeed.</summary>
    Warning,
}

/// <summary>
/// Where the core reports what it does. Front ends adapt it (PowerShell's Write-Verbose, the CLI's
/// stderr); the core never sees their types. Messages are already redacted when they arrive.
/// </summary>
public interface IRelease0Log
{
    bool IsEnabled(Release0LogLevel level);

    void Write(Release0LogLevel level, string message);
}

/// <summary>Discards everything.</summary>
public sealed class NullRelease0Log : IRelease0Log
{
    public static readonly NullRelease0Log Instance = new();

    private NullRelease0Log()
    {
    }

    public bool IsEnabled(Release0LogLevel level) => false;

    public void Write(Release0LogLevel level, string message)
    {
    }
}
