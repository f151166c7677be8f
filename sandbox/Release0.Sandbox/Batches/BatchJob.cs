namespace Release0.Sandbox.Batches;

/// <summary>A submitted job: what was asked, when, and how the scripted agent will end it.</summary>
internal sealed class BatchJob
{
    public BatchJob(string id, string agentId, string userProfileId, IReadOnlyList<string> messages, string chatSessionId, DateTimeOffset submittedAt)
    {
        Id = id;
        AgentId = agentId;
        UserProfileId = userProfileId;
        Messages = messages;
        ChatSessionId = chatSessionId;
        SubmittedAt = submittedAt;
    }

    public string Id { get; }

    public string AgentId { get; }

    public string UserProfileId { get; }

    public IReadOnlyList<string> Messages { get; }

    public string ChatSessionId { get; }

    public DateTimeOffset SubmittedAt { get; }

    public int Polls;
}
