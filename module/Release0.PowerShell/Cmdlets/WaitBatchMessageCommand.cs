using System.Management.Automation;
using Release0.Core.Batches;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Cmdlets;

/// <summary>Waits for batch jobs to finish, with progress; failed and timed-out jobs are errors.</summary>
[Cmdlet(VerbsLifecycle.Wait, "BatchMessage")]
[OutputType(typeof(BatchMessageResult))]
public sealed class WaitBatchMessageCommand : BatchJobCommand
{
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1800;

    protected override void ProcessRecord()
    {
        var batches = new BatchClient(GetConnection("Waiting for a batch job"));
        foreach (var id in BatchJobId)
        {
            WaitForBatch(batches, id, UserProfileId, TimeSpan.FromSeconds(TimeoutSec));
        }
    }
}
