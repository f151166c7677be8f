using Release0.Core.Text;

namespace Release0.Core.Batches;

public enum BatchOutcome
{
    Completed,
    Failed,

    /// <summary>The deadline passed first; <see cref="BatchWaitResult.LastStatus"/> holds the last answer.</summary>
    TimedOut,
}

/// <summary>How a wait ended, after how many polls and how long, with the last response kept.</summary>
public sealed class BatchWaitResult
{
    public BatchWaitResult(BatchOutcome outcome, BatchStatus lastStatus, int polls, TimeSpan elapsed, DateTimeOffset startedAt, DateTimeOffset endedAt)
    {
        Outcome = outcome;
        LastStatus = lastStatus;
        Polls = polls;
        Elapsed = elapsed;
        StartedAt = startedAt;
        EndedAt = endedAt;
    }

    public BatchOutcome Outcome { get; }

    public BatchStatus LastStatus { get; }

    public int Polls { get; }

    public TimeSpan Elapsed { get; }

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset EndedAt { get; }

    public string BatchJobId => LastStatus.BatchJobId;

    public override string ToString() => $"batch {BatchJobId}: {Outcome} after {Plural.Of(Polls, "poll")} in {Elapsed.TotalSeconds:0.0}s";
}
