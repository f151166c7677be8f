using Release0.Core.Connection;
using Release0.PowerShell.Hosting;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Decisions;

/// <summary>
/// The module's default connection (module-scoped, not a global variable). Set by Connect-Release0;
/// until then the environment (RELEASE0_API_TOKEN, RELEASE0_BASE_URI) supplies the settings, or the
/// defaults when neither is set. After Disconnect-Release0 only the environment does: a user who
/// disconnected must not be sent silently to the default platform. One Release0Connection (one
/// HttpClient) serves every cmdlet call.
/// </summary>
internal static class ModuleConnection
{
    private static readonly object Gate = new();
    private static Release0Connection? _connection;
    private static string _tokenSource = "None";
    private static bool _explicit;
    private static bool _disconnected;

    /// <summary>The log every call of this module writes to; each cmdlet routes it to itself.</summary>
    public static RoutingLog Log { get; } = new();

    public static void Connect(Release0ConnectionOptions options, string tokenSource)
    {
        var connection = new Release0Connection(options, Log);
        lock (Gate)
        {
            _connection?.Dispose();
            _connection = connection;
            _tokenSource = options.ApiToken is null ? "None" : tokenSource;
            _explicit = true;
            _disconnected = false;
        }
    }

    public static void Disconnect()
    {
        lock (Gate)
        {
            _connection?.Dispose();
            _connection = null;
            _explicit = false;
            _disconnected = true;
            _tokenSource = "None";
        }
    }

    /// <summary>
    /// The connection to use: the explicit one, or one built from the environment; null after
    /// Disconnect-Release0 while the environment sets neither variable.
    /// </summary>
    public static Release0Connection? Current(Func<string, string?>? getVariable = null)
    {
        lock (Gate)
        {
            if (_connection is null)
            {
                getVariable ??= Environment.GetEnvironmentVariable;
                if (_disconnected && string.IsNullOrEmpty(getVariable(Release0ConnectionOptions.TokenVariable)) && string.IsNullOrEmpty(getVariable(Release0ConnectionOptions.BaseUriVariable)))
                {
                    return null;
                }

                var options = Release0ConnectionOptions.FromEnvironment(getVariable);
                _connection = new Release0Connection(options, Log);
                _tokenSource = options.ApiToken is null ? "None" : "Environment";
            }

            return _connection;
        }
    }

    public static Release0ConnectionInfo Describe(Func<string, string?>? getVariable = null)
    {
        if (Current(getVariable) is not { } connection)
        {
            return Release0ConnectionInfo.Disconnected;
        }

        var options = connection.Options;
        lock (Gate)
        {
            return new Release0ConnectionInfo(_explicit, options.BaseUri, connection.HasToken, _tokenSource, options.AttemptTimeout, options.Deadline, options.MaxRetries);
        }
    }
}
