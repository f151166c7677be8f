using System.Management.Automation;
using Release0.Core.Batches;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Cmdlets;

/// <summary>Waits for batch jobs to finish, with progress; failed and timed-out jobs are errors.</summary>
[Cmdlet(VerbsLifecycle.Wait, "BatchMessage")]
[OutputType(typeof(BatchMessageResult))]
public sealed class WaitBatchMessageCommand : Release0Cmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Id", "batch_id")]
    [ValidateNotNullOrEmpty]
    public string[] BatchJobId { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string UserProfileId { get; set; } = string.Empty;

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
