namespace Release0.PowerShell.Output;

/// <summary>A submitted batch job; pipe it to <c>Wait-BatchMessage</c> or <c>Get-BatchMessage</c>.</summary>
public sealed class BatchMessageJob
{
    internal BatchMessageJob(string batchJobId, string userProfileId, string agentId, string projectEnvId, int messageCount, IReadOnlyList<string> rows, DateTimeOffset submittedAt)
    {
        BatchJobId = batchJobId;
        UserProfileId = userProfileId;
        AgentId = agentId;
        ProjectEnvId = projectEnvId;
        MessageCount = messageCount;
        Rows = rows.ToArray();
        SubmittedAt = submittedAt;
    }

    public string BatchJobId { get; }

    public string UserProfileId { get; }

    public string AgentId { get; }

    public string ProjectEnvId { get; }

    public int MessageCount { get; }

    /// <summary>The input rows whose messages the job holds: each row's RowId (or Id) column, else its position from 0.</summary>
    public string[] Rows { get; }

    public DateTimeOffset SubmittedAt { get; }

    public override string ToString() => BatchJobId;
}
