using Release0.Core.Batches;

namespace Release0.PowerShell.Hosting;

/// <summary>What a <see cref="BatchJobRunner"/> reports, from any thread, as it happens.</summary>
internal interface IBatchJobEvents
{
    void Submitted(RunnerJob job);

    void NotSubmitted(RunnerJob job, Exception error);

    void Finished(RunnerJob job, BatchWaitResult result);

    void WaitFailed(RunnerJob job, Exception error);

    /// <summary>A poll was answered or a wait ended; <see cref="BatchJobRunner.Snapshot"/> says where things stand.</summary>
    void Progress();
}
