namespace Release0.Core.Chats;

/// <summary>A conversation was stopped because the agent kept it going without end; the session stays open on the platform.</summary>
public sealed class ConversationLimitException : Exception
{
    public ConversationLimitException(string sessionId, string message)
        : base(message)
    {
        SessionId = sessionId;
    }

    public string SessionId { get; }
}
