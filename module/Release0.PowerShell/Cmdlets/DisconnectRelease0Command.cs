using System.Management.Automation;
using Release0.PowerShell.Decisions;

namespace Release0.PowerShell.Cmdlets;

/// <summary>Forgets this runspace's connection; later calls here fall back to the environment only.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Release0")]
[OutputType(typeof(void))]
public sealed class DisconnectRelease0Command : Release0Cmdlet
{
    protected override void EndProcessing() => ModuleConnection.Disconnect(ConnectionScope);
}
