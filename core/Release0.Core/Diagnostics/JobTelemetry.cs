using System.Diagnostics;
using Release0.Core.Jobs.Messages;
using Release0.Core.Jobs.Results;

namespace Release0.Core.Diagnostics;

/// <summary>
/// One span per job workflow step (a queue message handled, or a schedule run), tagged with the
/// job's ids as soon as they are known; the step's platform calls are its children.
/// </summary>
internal static class JobTelemetry
{
    public static Activity? StartStep(string queue)
    {
        var activity = Release0Telemetry.Source.StartActivity(TelemetryNames.JobStepSpan);
        if (activity is not null)
        {
            activity.DisplayName = $"{queue} step";
            activity.SetTag(TelemetryNames.Queue, queue);
        }

        return activity;
    }

    /// <summary>Tags the current step with the ids a parsed message carries.</summary>
    public static void Parsed(object message)
    {
        var step = CurrentStep();
        switch (message)
        {
            case BatchJobRequest request:
                step?.SetTag(TelemetryNames.JobId, request.JobId);
                break;
            case PollTicket ticket:
                step?.SetTag(TelemetryNames.JobId, ticket.JobId);
                step?.SetTag(TelemetryNames.BatchJobId, ticket.BatchJobId);
                step?.SetTag(TelemetryNames.Attempt, ticket.Attempt);
                break;
            case AgentEvent agentEvent:
                step?.SetTag(TelemetryNames.EventId, agentEvent.EventId);
                break;
        }
    }

    public static void PollScheduled(PollTicket ticket, TimeSpan delay)
    {
        var step = CurrentStep();
        step?.SetTag(TelemetryNames.BatchJobId, ticket.BatchJobId);
        step?.AddEvent(new ActivityEvent(TelemetryNames.PollScheduledEvent, tags: new ActivityTagsCollection
        {
            [TelemetryNames.Attempt] = ticket.Attempt,
            [TelemetryNames.PollDelay] = (long)delay.TotalMilliseconds,
        }));
    }

    public static void BatchFinished(BatchJobResult result)
    {
        var step = CurrentStep();
        step?.SetTag(TelemetryNames.BatchJobId, result.BatchJobId);
        step?.SetTag(TelemetryNames.Outcome, result.Outcome);
        step?.SetTag(TelemetryNames.Polls, result.Polls);
        if (result.BatchJobId is not null)
        {
            Release0Metrics.PollsPerJob.Record(result.Polls, new KeyValuePair<string, object?>(TelemetryNames.Outcome, result.Outcome));
        }
    }

    public static void Ended(string outcome) => CurrentStep()?.SetTag(TelemetryNames.Outcome, outcome);

    private static Activity? CurrentStep() =>
        Activity.Current is { OperationName: TelemetryNames.JobStepSpan } activity && activity.Source == Release0Telemetry.Source ? activity : null;
}
