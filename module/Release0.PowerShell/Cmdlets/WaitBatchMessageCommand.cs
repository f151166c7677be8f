using System.Management.Automation;
using Release0.Core.Batches;
using Release0.PowerShell.Hosting;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Cmdlets;

/// <summary>
/// Waits for batch jobs to finish, all together, with one progress bar; each result is written as its
/// job ends. Failed and timed-out jobs are errors about the job.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "BatchMessage")]
[OutputType(typeof(BatchMessageResult))]
public sealed class WaitBatchMessageCommand : BatchJobCommand
{
    private BatchJobRunner? _runner;

    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 1800;

    /// <summary>Polls in flight at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    protected override void ProcessRecord()
    {
        _runner ??= StartBatchRunner(new BatchClient(GetConnection("Waiting for a batch job")), ThrottleLimit, TimeSpan.FromSeconds(TimeoutSec));
        foreach (var id in BatchJobId)
        {
            AddBatchJob(_runner, new RunnerJob(id, UserProfileId, Rows));
        }
    }

    protected override void EndProcessing()
    {
        if (_runner is not null)
        {
            FinishBatchRunner(_runner);
        }
    }
}
