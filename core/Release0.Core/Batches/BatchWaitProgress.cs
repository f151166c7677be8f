using Release0.Core.Text;

namespace Release0.Core.Batches;

/// <summary>Reported after each poll while waiting.</summary>
public sealed class BatchWaitProgress
{
    public BatchWaitProgress(string batchJobId, TimeSpan elapsed, int polls, BatchStatus lastStatus, TimeSpan timeout)
    {
        BatchJobId = batchJobId;
        Elapsed = elapsed;
        Polls = polls;
        LastStatus = lastStatus;
        Timeout = timeout;
    }

    public string BatchJobId { get; }

    public TimeSpan Elapsed { get; }

    public int Polls { get; }

    public BatchStatus LastStatus { get; }

    public TimeSpan Timeout { get; }

    public override string ToString() =>
        $"batch {BatchJobId}: {LastStatus.StatusText ?? LastStatus.State.ToString().ToLowerInvariant()} after {Plural.Of(Polls, "poll")}, {Elapsed.TotalSeconds:0.0}s of {Timeout.TotalSeconds:0.###}s";
}
