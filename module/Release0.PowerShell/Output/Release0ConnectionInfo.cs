namespace Release0.PowerShell.Output;

/// <summary>The module's current connection. Says whether a token is set and where it came from, never the token.</summary>
public sealed class Release0ConnectionInfo
{
    internal Release0ConnectionInfo(bool isConnected, Uri? baseUri, bool hasToken, string tokenSource, TimeSpan attemptTimeout, TimeSpan deadline, int maxRetries)
    {
        IsConnected = isConnected;
        BaseUri = baseUri;
        HasToken = hasToken;
        TokenSource = tokenSource;
        AttemptTimeout = attemptTimeout;
        Deadline = deadline;
        MaxRetries = maxRetries;
    }

    internal static Release0ConnectionInfo Disconnected { get; } = new(false, null, false, "None", TimeSpan.Zero, TimeSpan.Zero, 0);

    /// <summary>True after Connect-Release0; false when the environment supplies the settings.</summary>
    public bool IsConnected { get; }

    /// <summary>Null after Disconnect-Release0 while the environment names no platform.</summary>
    public Uri? BaseUri { get; }

    public bool HasToken { get; }

    /// <summary><c>Parameter</c>, <c>Credential</c>, <c>Environment</c> or <c>None</c>.</summary>
    public string TokenSource { get; }

    public TimeSpan AttemptTimeout { get; }

    public TimeSpan Deadline { get; }

    public int MaxRetries { get; }

    public override string ToString() => BaseUri is null ? "not connected" : $"{BaseUri} (token: {(HasToken ? TokenSource : "none")})";
}
