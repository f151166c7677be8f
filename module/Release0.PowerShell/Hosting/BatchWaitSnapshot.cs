using Release0.Core.Text;

namespace Release0.PowerShell.Hosting;

/// <summary>Where waiting for many batch jobs stands: the one progress bar's text.</summary>
internal sealed class BatchWaitSnapshot
{
    public BatchWaitSnapshot(int total, int done, TimeSpan? nextPoll, string? slowestJobId, TimeSpan slowestElapsed)
    {
        Total = total;
        Done = done;
        NextPoll = nextPoll;
        SlowestJobId = slowestJobId;
        SlowestElapsed = slowestElapsed;
    }

    public int Total { get; }

    public int Done { get; }

    /// <summary>Until the next poll of any job; null when nothing is waiting.</summary>
    public TimeSpan? NextPoll { get; }

    /// <summary>The unfinished job waited for longest; null when none is left.</summary>
    public string? SlowestJobId { get; }

    public TimeSpan SlowestElapsed { get; }

    public int PercentComplete => Total == 0 ? 0 : Math.Min(100, 100 * Done / Total);

    public override string ToString() =>
        $"{Done} of {Plural.Of(Total, "job")} done"
        + (NextPoll is { } next ? $"; next poll in {next.TotalSeconds:0.0}s" : string.Empty)
        + (SlowestJobId is null ? string.Empty : $"; slowest {SlowestJobId}, {SlowestElapsed.TotalSeconds:0}s");
}
