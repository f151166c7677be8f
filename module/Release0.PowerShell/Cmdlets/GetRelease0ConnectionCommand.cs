using System.Management.Automation;
using Release0.Core.Connection;
using Release0.PowerShell.Decisions;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Cmdlets;

/// <summary>Shows the connection in use (never the token).</summary>
[Cmdlet(VerbsCommon.Get, "Release0Connection")]
[OutputType(typeof(Release0ConnectionInfo))]
public sealed class GetRelease0ConnectionCommand : Release0Cmdlet
{
    protected override void EndProcessing()
    {
        try
        {
            WriteObject(ModuleConnection.Describe(ConnectionScope));
        }
        catch (Release0ConfigurationException ex)
        {
            ThrowFailure(ex, null);
        }
    }
}
