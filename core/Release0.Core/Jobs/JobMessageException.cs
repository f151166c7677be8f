namespace Release0.Core.Jobs;

/// <summary>A queue message that can never be processed: it is recorded as rejected with this reason, not retried.</summary>
public sealed class JobMessageException : Exception
{
    public JobMessageException(string reason, string? id = null)
        : base(reason)
    {
        Id = id;
    }

    /// <summary>The message's own id (jobId, eventId) when it could be read.</summary>
    public string? Id { get; }
}
