using System.Management.Automation;
using Release0.Core.Batches;
using Release0.PowerShell.Decisions;
using Release0.PowerShell.Hosting;
using Release0.PowerShell.Output;

namespace Release0.PowerShell.Cmdlets;

/// <summary>
/// Writes what a <see cref="BatchJobRunner"/> reports, on the cmdlet's pipeline thread, as it happens:
/// each job the moment it exists (as output; while waiting, as a host line so the output holds only
/// results), each result as its job ends, failures as errors about the job, and one progress bar for
/// all waits.
/// </summary>
internal sealed class BatchJobOutput : IBatchJobEvents
{
    private const int ProgressId = 28;
    private const string Activity = "Waiting for batch jobs";
    private readonly Release0Cmdlet _cmdlet;
    private readonly TimeSpan? _waitTimeout;
    private int _progressPosted;
    private bool _progressShown;

    public BatchJobOutput(Release0Cmdlet cmdlet, TimeSpan? waitTimeout)
    {
        _cmdlet = cmdlet;
        _waitTimeout = waitTimeout;
    }

    public BatchJobRunner? Runner { get; set; }

    public void Submitted(RunnerJob job)
    {
        var request = job.Plan!.Request;
        CompletionHistory.Remember(CompletionKind.AgentId, request.AgentId);
        CompletionHistory.Remember(CompletionKind.BatchJobId, job.BatchJobId, request.AgentId);
        var submitted = new BatchMessageJob(job.BatchJobId!, request.UserProfileId, request.AgentId, request.ProjectEnvId, request.Messages.Count, job.RowIds, DateTimeOffset.Now);
        if (_waitTimeout is null)
        {
            _cmdlet.Post(() => _cmdlet.WriteObject(submitted));
            return;
        }

        var line = $"Submitted batch job {submitted.BatchJobId} (agent {submitted.AgentId}, user profile {submitted.UserProfileId}, {Plural(submitted.Rows.Length, "row")} {string.Join(", ", submitted.Rows)}).";
        _cmdlet.Post(() => _cmdlet.WriteInformation(new InformationRecord(new HostInformationMessage { Message = line }, _cmdlet.MyInvocation.MyCommand.Name) { Tags = { "PSHOST", "Release0.BatchJob" } }));
    }

    public void NotSubmitted(RunnerJob job, Exception error) =>
        _cmdlet.Post(() => _cmdlet.WriteFailure(error, BatchRequestBuilder.Describe(job.Plan!.Request)));

    public void Finished(RunnerJob job, BatchWaitResult result) => _cmdlet.Post(() =>
    {
        _cmdlet.WriteObject(BatchMessageResult.FromWait(job.UserProfileId, result, job.RowIds));
        switch (result.Outcome)
        {
            case BatchOutcome.Failed:
                _cmdlet.WriteError(Release0Cmdlet.ToRecord(ErrorMapper.BatchFailed(result.LastStatus)));
                break;
            case BatchOutcome.TimedOut:
                _cmdlet.WriteError(Release0Cmdlet.ToRecord(ErrorMapper.BatchTimedOut(result, _waitTimeout!.Value)));
                break;
        }
    });

    public void WaitFailed(RunnerJob job, Exception error) => _cmdlet.Post(() => _cmdlet.WriteFailure(error, job.BatchJobId));

    public void Progress()
    {
        // Many polls answer between two writes; one write shows the latest state for all of them.
        if (Interlocked.Exchange(ref _progressPosted, 1) == 1)
        {
            return;
        }

        _cmdlet.Post(() =>
        {
            Interlocked.Exchange(ref _progressPosted, 0);
            var snapshot = Runner!.Snapshot();
            _progressShown = true;
            _cmdlet.WriteProgress(new ProgressRecord(ProgressId, Activity, snapshot.ToString()) { PercentComplete = snapshot.PercentComplete });
        });
    }

    /// <summary>Removes the progress bar once everything is done or stopped.</summary>
    public void Completed()
    {
        if (_progressShown)
        {
            _cmdlet.WriteProgress(new ProgressRecord(ProgressId, Activity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    private static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";
}
