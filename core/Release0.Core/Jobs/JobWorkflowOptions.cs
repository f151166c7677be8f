using Release0.Core.Batches;
using Release0.Core.Connection;

namespace Release0.Core.Jobs;

/// <summary>How the workflow waits for batch jobs, and how it guards each job against being sent twice.</summary>
public sealed class JobWorkflowOptions
{
    /// <summary>Used when a request names no deadline.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The poll schedule (its <c>Timeout</c> is ignored: each job has its own deadline).</summary>
    public BatchWaitOptions PollSchedule { get; set; } = new();

    /// <summary>What an ambiguous submit failure (500, 502, 504, a timeout or a drop after sending) does.</summary>
    public SubmitPolicy SubmitPolicy { get; set; } = SubmitPolicy.AtMostOnce;

    /// <summary>
    /// Resend every job and event that ended as outcome unknown, as if each message asked for it
    /// (<see cref="Messages.BatchJobRequest.ResendUnknown"/>). <c>jobs run --at-least-once</c> sets it;
    /// jobs that completed or failed with the platform's answer are never resent.
    /// </summary>
    public bool ResendUnknown { get; set; }

    /// <summary>
    /// How long a claimed job may go without a recorded outcome before another delivery declares it
    /// unknown, when whether its claimant still runs cannot be told (the Functions app). Longer than the
    /// Functions host's 10-minute function timeout, so a live owner is never overtaken. A local run's
    /// claims name the run, and are decided as soon as it has stopped.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a delivery that finds someone else's live claim waits before it looks again.</summary>
    public TimeSpan ClaimRecheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Told about each job or event that reached its final document.</summary>
    public Action<JobFinished>? OnFinished { get; set; }

    /// <summary>
    /// Where agents' completed durations are kept beyond this process (a blob for the Functions app, a
    /// file for <c>jobs run</c>), read at an agent's first poll; null keeps them in this process only.
    /// </summary>
    public IPollHistoryStore? PollHistoryStore { get; set; }

    /// <summary>The same options, with agents' durations kept in <paramref name="store"/>.</summary>
    public JobWorkflowOptions WithPollHistoryStore(IPollHistoryStore? store)
    {
        var copy = (JobWorkflowOptions)MemberwiseClone();
        copy.PollHistoryStore = store;
        return copy;
    }

    /// <summary>The same options, told about finished jobs by <paramref name="onFinished"/> instead.</summary>
    internal JobWorkflowOptions WithOnFinished(Action<JobFinished>? onFinished)
    {
        var copy = (JobWorkflowOptions)MemberwiseClone();
        copy.OnFinished = onFinished;
        return copy;
    }

    public void Validate()
    {
        PollSchedule.Validate();
        if (DefaultTimeout <= TimeSpan.Zero)
        {
            throw new Release0ConfigurationException(nameof(DefaultTimeout), $"DefaultTimeout must be greater than zero (was {DefaultTimeout}).");
        }

        if (ClaimLease < TimeSpan.Zero || ClaimLease > TimeSpan.FromDays(6))
        {
            // A queue message cannot be delayed beyond 7 days, so a longer lease could never be waited out.
            throw new Release0ConfigurationException(nameof(ClaimLease), $"ClaimLease must be between 0 and 6 days (was {ClaimLease}).");
        }

        if (ClaimRecheckInterval <= TimeSpan.Zero || ClaimRecheckInterval > TimeSpan.FromDays(6))
        {
            throw new Release0ConfigurationException(nameof(ClaimRecheckInterval), $"ClaimRecheckInterval must be greater than zero and at most 6 days (was {ClaimRecheckInterval}).");
        }
    }
}

/// <summary>What to do when a submit fails after the platform may have acted on it.</summary>
public enum SubmitPolicy
{
    /// <summary>End the job as failed with the platform's answer: never a duplicate, sometimes a failed job to resubmit.</summary>
    AtMostOnce,

    /// <summary>Retry the submit: never a job lost to an ambiguous failure, rarely a duplicate at the platform.</summary>
    AtLeastOnce,
}

/// <summary>A job, event or message that reached its final document.</summary>
public sealed class JobFinished
{
    public JobFinished(string kind, string id, string outcome, string path)
    {
        Kind = kind;
        Id = id;
        Outcome = outcome;
        Path = path;
    }

    /// <summary><c>batch</c>, <c>chat</c> or <c>rejected</c>.</summary>
    public string Kind { get; }

    public string Id { get; }

    public string Outcome { get; }

    /// <summary>The document's path in the result store.</summary>
    public string Path { get; }

    public override string ToString() => $"{Kind} {Id} {Outcome}";
}
