using Release0.Core.Batches;

namespace Release0.Core.Jobs;

/// <summary>How the workflow waits for batch jobs.</summary>
public sealed class JobWorkflowOptions
{
    /// <summary>Used when a request names no deadline.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The poll schedule (its <c>Timeout</c> is ignored: each job has its own deadline).</summary>
    public BatchWaitOptions PollSchedule { get; set; } = new();

    /// <summary>Told about each job or event that reached its final document.</summary>
    public Action<JobFinished>? OnFinished { get; set; }
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
