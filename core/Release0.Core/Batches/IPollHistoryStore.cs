namespace Release0.Core.Batches;

/// <summary>
/// Where completed batch-job durations are kept beyond one process, so a new process (a Functions
/// instance, a <c>jobs run</c>) polls an agent's jobs on its learned schedule from its first job.
/// Writes read, merge and write back, so concurrent writers each keep what they added; the stored
/// history is bounded as <see cref="PollHistory"/> is. Failures throw (a
/// <see cref="PollHistoryStoreException"/> for content that is not a history); callers treat them as
/// warnings, since a history only makes polling cheaper.
/// </summary>
public interface IPollHistoryStore
{
    /// <summary>The agent's stored durations, oldest first; empty when it has none or nothing is stored yet.</summary>
    Task<IReadOnlyList<TimeSpan>> LoadAsync(string agent, CancellationToken cancellationToken);

    /// <summary>Adds one completed job's duration to what is stored now.</summary>
    Task RecordAsync(string agent, TimeSpan duration, CancellationToken cancellationToken);
}
