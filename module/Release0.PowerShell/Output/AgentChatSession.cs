using Release0.Core.Chats;
using Release0.Core.Chats.Inputs;

namespace Release0.PowerShell.Output;

/// <summary>
/// A chat session as PowerShell shows it: what the agent said last, what it waits for, and whether
/// it has ended. Pipe it to <c>Send-AgentMessage</c> to continue; the object follows the conversation.
/// </summary>
public sealed class AgentChatSession
{
    internal AgentChatSession(ChatSession session, ChatRouteStyle routeStyle)
    {
        Core = session;
        RouteStyle = routeStyle;
    }

    public string SessionId => Core.SessionId;

    public string AgentId => Core.AgentId;

    public bool IsPreview => Core.IsPreview;

    public string? ResultId => Core.ResultId;

    /// <summary>The agent's messages of the latest turn, as plain text (media as their URL).</summary>
    public string[] Messages => Core.LatestTurn.Messages.Select(m => m.Text).ToArray();

    public ChatInput? PendingInput => Core.PendingInput;

    /// <summary>One line saying what the agent waits for; null when nothing.</summary>
    public string? Prompt => Core.PendingInput?.Prompt ?? (Core.PendingActions.Count > 0 ? string.Join(", ", Core.PendingActions.Select(a => a.Summary)) : null);

    public double? Progress => Core.LatestTurn.Progress;

    public bool IsCompleted => Core.IsCompleted;

    /// <summary>Everything said so far, in order.</summary>
    public IReadOnlyList<TranscriptEntry> Transcript => Core.Transcript;

    /// <summary>The latest turn, with its raw JSON in <c>Turn.Raw</c>.</summary>
    public ChatTurn Turn => Core.LatestTurn;

    internal ChatSession Core { get; }

    internal ChatRouteStyle RouteStyle { get; }

    /// <summary>The session id, so the object binds wherever a session id is expected.</summary>
    public override string ToString() => SessionId;
}
