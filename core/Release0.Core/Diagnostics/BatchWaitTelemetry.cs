using System.Diagnostics;
using Release0.Core.Batches;

namespace Release0.Core.Diagnostics;

/// <summary>
/// A span over waiting for one batch job (each poll is an event; the polls' calls are its children),
/// and the polls-per-job and detection-delay metrics once it ends.
/// </summary>
internal sealed class BatchWaitTelemetry : IDisposable
{
    private readonly Activity? _activity;
    private DateTimeOffset _lastUnfinishedAt;

    private BatchWaitTelemetry(string batchJobId, DateTimeOffset startedAt)
    {
        _lastUnfinishedAt = startedAt;
        _activity = Release0Telemetry.Source.StartActivity(TelemetryNames.BatchWaitSpan);
        _activity?.SetTag(TelemetryNames.BatchJobId, batchJobId);
    }

    public static BatchWaitTelemetry Start(string batchJobId, DateTimeOffset startedAt) => new(batchJobId, startedAt);

    public void Polled(BatchStatus status, DateTimeOffset at)
    {
        if (status.State is not (BatchState.Completed or BatchState.Failed))
        {
            _lastUnfinishedAt = at;
        }

        _activity?.AddEvent(new ActivityEvent(TelemetryNames.PollEvent, at, new ActivityTagsCollection { [TelemetryNames.BatchState] = status.State.ToString() }));
    }

    /// <summary>Records how the wait ended and hands the result back.</summary>
    public BatchWaitResult Finished(BatchWaitResult result)
    {
        var outcome = result.Outcome.ToString();
        _activity?.SetTag(TelemetryNames.Outcome, outcome);
        _activity?.SetTag(TelemetryNames.Polls, result.Polls);
        var tag = new KeyValuePair<string, object?>(TelemetryNames.Outcome, outcome);
        Release0Metrics.PollsPerJob.Record(result.Polls, tag);
        if (result.Outcome != BatchOutcome.TimedOut)
        {
            Release0Metrics.DetectionDelay.Record((result.EndedAt - _lastUnfinishedAt).TotalSeconds, tag);
        }

        return result;
    }

    public void Dispose() => _activity?.Dispose();
}
