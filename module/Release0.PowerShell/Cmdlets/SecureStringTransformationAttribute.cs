using System.Management.Automation;
using System.Security;
using Release0.PowerShell.Decisions;

namespace Release0.PowerShell.Cmdlets;

/// <summary>Lets -ApiToken take a plain string for convenience; it is turned into a SecureString at once.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        return value switch
        {
            string text => SecretText.ToSecure(text),
            SecureString secure => secure,
            _ => inputData,
        };
    }
}
