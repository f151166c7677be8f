namespace Release0.Sandbox.Chat;

/// <summary>A sandbox session: where it waits, what it knows, and whether it has ended.</summary>
internal sealed class ChatSessionState
{
    public ChatSessionState(string id, SandboxAgent agent, bool isPreview, string? resultId)
    {
        Id = id;
        Agent = agent;
        IsPreview = isPreview;
        ResultId = resultId;
    }

    public string Id { get; }

    public SandboxAgent Agent { get; }

    public bool IsPreview { get; }

    public string? ResultId { get; }

    public Variables Variables { get; } = new();

    /// <summary>Index of the step whose pause awaits a reply; null when nothing is awaited.</summary>
    public int? WaitingAt { get; set; }

    /// <summary>Registered without running (isOnlyRegistering): the first continue starts the flow.</summary>
    public bool NotStarted { get; set; }

    /// <summary>Serialises continues of one session, as the platform does.</summary>
    public SemaphoreSlim Lock { get; } = new(1, 1);
}
