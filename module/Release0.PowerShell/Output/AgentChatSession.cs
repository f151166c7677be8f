using Release0.Core.Chats;

namespace Release0.PowerShell.Output;

/// <summary>
/// A chat session as PowerShell shows it: what the agent said last, what it waits for, and whether
/// it has ended. Pipe it to <c>Send-AgentMessage</c> to continue; the object follows the conversation.
/// </summary>
public sealed class AgentChatSession
{
    internal AgentChatSession(ChatSession session, bool legacyRoutes)
    {
        Core = session;
        LegacyRoutes = legacyRoutes;
    }

    public string SessionId => Core.SessionId;

    public string AgentId => Core.AgentId;

    public bool IsPreview => Core.IsPreview;

    public string? ResultId => Core.ResultId;

    /// <summary>The agent's messages of the latest turn, as plain text (media as their URL).</summary>
    public string[] Messages => Core.LatestTurn.Messages.Select(m => m.Text).ToArray();

    public AgentChatInput? PendingInput => Core.PendingInput is { } input ? new AgentChatInput(input) : null;

    /// <summary>One line saying what the agent waits for; null when nothing.</summary>
    public string? Prompt => Core.PendingInput?.Prompt ?? (Core.PendingActions.Count > 0 ? string.Join(", ", Core.PendingActions.Select(a => a.Summary)) : null);

    public double? Progress => Core.LatestTurn.Progress;

    public bool IsCompleted => Core.IsCompleted;

    /// <summary>Everything said so far, in order.</summary>
    public AgentTranscriptEntry[] Transcript => Core.Transcript.Select(entry => new AgentTranscriptEntry(entry)).ToArray();

    /// <summary>The latest turn's JSON as the platform sent it (<c>$s.Raw | ConvertFrom-Json</c>).</summary>
    public string Raw => Core.LatestTurn.Raw.GetRawText();

    internal ChatSession Core { get; }

    // A bool, not the core's ChatRouteStyle: PowerShell loads this type before the module's
    // dependency resolver exists, and a field of a dependency's value type would fail to load then.
    internal bool LegacyRoutes { get; }

    /// <summary>The session id, so the object binds wherever a session id is expected.</summary>
    public override string ToString() => SessionId;
}
