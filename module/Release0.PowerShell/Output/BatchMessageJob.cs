namespace Release0.PowerShell.Output;

/// <summary>A submitted batch job; pipe it to <c>Wait-BatchMessage</c> or <c>Get-BatchMessage</c>.</summary>
public sealed class BatchMessageJob
{
    internal BatchMessageJob(string batchJobId, string userProfileId, string agentId, int messageCount, DateTimeOffset submittedAt)
    {
        BatchJobId = batchJobId;
        UserProfileId = userProfileId;
        AgentId = agentId;
        MessageCount = messageCount;
        SubmittedAt = submittedAt;
    }

    public string BatchJobId { get; }

    public string UserProfileId { get; }

    public string AgentId { get; }

    public int MessageCount { get; }

    public DateTimeOffset SubmittedAt { get; }

    public override string ToString() => BatchJobId;
}
