using System.Collections;
using System.Management.Automation;
using Release0.PowerShell.Decisions;

namespace Release0.PowerShell.Cmdlets;

/// <summary>Refuses to bind an object as message text (see <see cref="PipelineText"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PipelineTextAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var values = Unwrap(inputData) is IEnumerable items and not string ? items.Cast<object?>().Select(Unwrap) : [Unwrap(inputData)];
        foreach (var value in values)
        {
            if (!PipelineText.IsText(value))
            {
                throw new ArgumentTransformationMetadataException(PipelineText.Refusal(value!));
            }
        }

        return inputData;
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
