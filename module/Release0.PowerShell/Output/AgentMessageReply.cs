using Release0.Core.Messages;

namespace Release0.PowerShell.Output;

/// <summary>An agent's whole reply to a message sent by slug; pipe it back to continue the conversation.</summary>
public sealed class AgentMessageReply
{
    internal AgentMessageReply(string slug, string message, AgentReply reply)
    {
        Slug = slug;
        Message = message;
        Response = reply.Response;
        ConversationId = reply.ConversationId;
        Model = reply.Model;
        Tokens = reply.Tokens;
        IsComplete = reply.IsComplete;
        Raw = reply.Raw?.GetRawText();
    }

    public string Slug { get; }

    /// <summary>What was sent.</summary>
    public string Message { get; }

    public string? Response { get; }

    public string? ConversationId { get; }

    public string? Model { get; }

    public long? Tokens { get; }

    public bool IsComplete { get; }

    /// <summary>The reply's <c>data</c> object as sent, as JSON text (null for streamed replies).</summary>
    public string? Raw { get; }

    public override string ToString() => Response ?? string.Empty;
}
