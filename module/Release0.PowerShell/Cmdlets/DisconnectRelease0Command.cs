using System.Management.Automation;
using Release0.PowerShell.Decisions;

namespace Release0.PowerShell.Cmdlets;

/// <summary>Forgets the module's connection; later calls fall back to the environment.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Release0")]
[OutputType(typeof(void))]
public sealed class DisconnectRelease0Command : Release0Cmdlet
{
    protected override void EndProcessing() => ModuleConnection.Disconnect();
}
