namespace Release0.Core.Batches;

/// <summary>What a poll response says about a job, as far as it can be told (the shape is undocumented).</summary>
public enum BatchState
{
    /// <summary>Still queued or running.</summary>
    Pending,

    /// <summary>Finished with messages.</summary>
    Completed,

    /// <summary>The job failed or was cancelled.</summary>
    Failed,

    /// <summary>The response matched no known shape; waiting treats it as pending until the deadline.</summary>
    Unknown,
}
