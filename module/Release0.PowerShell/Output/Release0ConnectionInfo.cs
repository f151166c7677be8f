using Release0.Core.Connection;

namespace Release0.PowerShell.Output;

/// <summary>
/// A connection to the platform: what Connect-Release0 -PassThru and Get-Release0Connection return,
/// and what -Connection takes. Says whether a token is set and where it came from, never the token.
/// </summary>
public sealed class Release0ConnectionInfo
{
    internal Release0ConnectionInfo(Release0Connection? connection, string tokenSource, string source)
    {
        Connection = connection;
        TokenSource = connection?.HasToken == true ? tokenSource : "None";
        Source = source;
    }

    internal static Release0ConnectionInfo Disconnected { get; } = new(null, "None", "None");

    /// <summary>True when calls can be made with it (after Connect-Release0, or from the environment).</summary>
    public bool IsConnected => Connection is not null;

    /// <summary><c>Connect-Release0</c>, <c>Environment</c> or <c>None</c> (after Disconnect-Release0 while the environment names no platform).</summary>
    public string Source { get; }

    /// <summary>Null when not connected.</summary>
    public Uri? BaseUri => Connection?.Options.BaseUri;

    public bool HasToken => Connection?.HasToken == true;

    /// <summary><c>Parameter</c>, <c>Credential</c>, <c>Secret</c>, <c>Environment</c> or <c>None</c>.</summary>
    public string TokenSource { get; }

    /// <summary>Longest wait for one HTTP attempt, in seconds; null when not connected.</summary>
    public double? AttemptTimeoutSec => Connection?.Options.AttemptTimeout.TotalSeconds;

    /// <summary>Longest time one call may take, retries included, in seconds; null when not connected.</summary>
    public double? DeadlineSec => Connection?.Options.Deadline.TotalSeconds;

    /// <summary>Null when not connected.</summary>
    public int? MaxRetries => Connection?.Options.MaxRetries;

    internal Release0Connection? Connection { get; }

    public override string ToString() => BaseUri is null ? "not connected" : $"{BaseUri} (token: {(HasToken ? TokenSource : "none")})";
}
