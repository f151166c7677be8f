using System.Runtime.CompilerServices;
using Release0.Core.Connection;
using Release0.PowerShell.Hosting;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Decisions;

/// <summary>
/// The default connection of each runspace (a scope object the cmdlets pass in), so that
/// Connect-Release0 in one runspace (a ForEach-Object -Parallel block, a thread job) never changes the
/// tenant another runspace works for. A runspace that never connected uses the connection of the first
/// runspace that did (the console's, in the simple case), else the environment (RELEASE0_API_TOKEN,
/// RELEASE0_BASE_URI), else the defaults. After Disconnect-Release0 only the environment does: a user
/// who disconnected must not be sent silently to another connection or the default platform.
/// </summary>
internal static class ModuleConnection
{
    private static readonly object Gate = new();
    private static readonly ConditionalWeakTable<object, ScopeState> Scopes = new();
    private static WeakReference<object>? _firstConnected;

    /// <summary>The log and wait notices every call of this module writes to; each cmdlet routes them to itself.</summary>
    public static RoutingLog Log { get; } = new();

    /// <summary>A new connection for the options, logging through <see cref="Log"/>.</summary>
    public static Release0Connection Open(Release0ConnectionOptions options) => new(options, Log, waits: Log);

    public static Release0ConnectionInfo Connect(object scope, Release0ConnectionOptions options, string tokenSource)
    {
        var info = new Release0ConnectionInfo(Open(options), tokenSource, "Connect-Release0");
        lock (Gate)
        {
            // Not disposed: a -PassThru copy of the one replaced may still be in use elsewhere.
            var state = Scopes.GetOrCreateValue(scope);
            state.Connected = info;
            state.FromEnvironment = null;
            state.Disconnected = false;
            if (_firstConnected is null || !_firstConnected.TryGetTarget(out _))
            {
                _firstConnected = new WeakReference<object>(scope);
            }
        }

        return info;
    }

    public static void Disconnect(object scope)
    {
        lock (Gate)
        {
            var state = Scopes.GetOrCreateValue(scope);
            state.Connected = null;
            state.FromEnvironment = null;
            state.Disconnected = true;
        }
    }

    /// <summary>
    /// The connection <paramref name="scope"/> uses (see the class remarks); null after
    /// Disconnect-Release0 there while the environment sets neither variable.
    /// </summary>
    public static Release0ConnectionInfo? Current(object scope, Func<string, string?>? getVariable = null)
    {
        lock (Gate)
        {
            var state = Scopes.GetOrCreateValue(scope);
            if ((state.Connected ?? state.FromEnvironment) is { } own)
            {
                return own;
            }

            if (!state.Disconnected && _firstConnected is not null && _firstConnected.TryGetTarget(out var first) && Scopes.TryGetValue(first, out var firstState) && firstState.Connected is { } shared)
            {
                return shared;
            }

            getVariable ??= Environment.GetEnvironmentVariable;
            if (state.Disconnected && string.IsNullOrEmpty(getVariable(Release0ConnectionOptions.TokenVariable)) && string.IsNullOrEmpty(getVariable(Release0ConnectionOptions.BaseUriVariable)))
            {
                return null;
            }

            var options = Release0ConnectionOptions.FromEnvironment(getVariable);
            state.FromEnvironment = new Release0ConnectionInfo(Open(options), "Environment", "Environment");
            return state.FromEnvironment;
        }
    }

    public static Release0ConnectionInfo Describe(object scope, Func<string, string?>? getVariable = null) =>
        Current(scope, getVariable) ?? Release0ConnectionInfo.Disconnected;

    private sealed class ScopeState
    {
        public Release0ConnectionInfo? Connected { get; set; }

        public Release0ConnectionInfo? FromEnvironment { get; set; }

        public bool Disconnected { get; set; }
    }
}
