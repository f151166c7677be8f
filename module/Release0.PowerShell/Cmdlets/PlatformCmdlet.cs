using System.Management.Automation;
using Release0.Core.Connection;
using Release0.PowerShell.Decisions;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Cmdlets;

/// <summary>
/// A cmdlet that calls the platform: on the connection given with -Connection (as Az takes
/// -DefaultProfile), else the runspace's default; -MaxRetries, and a per-call deadline where the
/// cmdlet has one, apply to this call only.
/// </summary>
public abstract class PlatformCmdlet : Release0Cmdlet
{
    private Release0Connection? _perCall;

    /// <summary>The connection to use, from Connect-Release0 -PassThru or Get-Release0Connection.</summary>
    [Parameter]
    [ValidateNotNull]
    public Release0ConnectionInfo? Connection { get; set; }

    /// <summary>Retries for this call, instead of the connection's.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaxRetries { get; set; }

    /// <summary>This call's deadline when the cmdlet has its own (-TimeoutSec on a single call); null otherwise.</summary>
    private protected virtual TimeSpan? CallDeadline => null;

    /// <summary>
    /// The connection for this call; terminating when there is none (after Disconnect-Release0), or when a
    /// token is required and none is set.
    /// </summary>
    private protected Release0Connection GetConnection(string? tokenRequiredFor = null)
    {
        if (_perCall is not null)
        {
            return _perCall;
        }

        var info = Connection ?? ModuleConnection.Current(ConnectionScope);
        if (info?.Connection is null)
        {
            ThrowTerminatingError(ToRecord(Connection is null ? ErrorMapper.Disconnected() : ErrorMapper.DisconnectedObject()));
        }

        // ThrowTerminatingError always throws, so the connection is set from here on.
        var connection = info!.Connection!;

        if (tokenRequiredFor is not null && !connection.HasToken)
        {
            ThrowTerminatingError(ToRecord(ErrorMapper.NotConnected(tokenRequiredFor)));
        }

        var retries = MyInvocation.BoundParameters.ContainsKey(nameof(MaxRetries));
        if (!retries && CallDeadline is null)
        {
            return connection;
        }

        // Per-call settings need their own connection; it is freed when the call ends.
        var options = connection.Options.Clone();
        options.MaxRetries = retries ? MaxRetries : options.MaxRetries;
        options.Deadline = CallDeadline ?? options.Deadline;
        _perCall = ModuleConnection.Open(options);
        return _perCall;
    }

    private protected override void ReleaseCallResources() => _perCall?.Dispose();
}
