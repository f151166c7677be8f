using System.Collections;
using System.Management.Automation;
using Release0.PowerShell.Decisions;

namespace Release0.PowerShell.Cmdlets;

/// <summary>Keeps objects from binding as message text (see <see cref="PipelineText"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PipelineTextAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var values = Unwrap(inputData) is IEnumerable items and not string ? items.Cast<object?>().Select(Unwrap) : [Unwrap(inputData)];
        return values.FirstOrDefault(v => !PipelineText.IsText(v)) is { } notText ? new PipelineText.NotText(notText) : inputData;
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
