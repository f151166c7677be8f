using Release0.Core.Chats;

namespace Release0.PowerShell.Output;

/// <summary>The agent's answer to one reply in a chat session.</summary>
public sealed class AgentChatTurn
{
    internal AgentChatTurn(string sessionId, string? reply, ChatTurn turn)
    {
        SessionId = sessionId;
        Reply = reply;
        Turn = turn;
    }

    public string SessionId { get; }

    /// <summary>What was sent (null when an action was answered without a message).</summary>
    public string? Reply { get; }

    public string[] Messages => Turn.Messages.Select(m => m.Text).ToArray();

    public AgentChatInput? PendingInput => Turn.Input is { } input ? new AgentChatInput(input) : null;

    public string? Prompt => Turn.Input?.Prompt;

    public double? Progress => Turn.Progress;

    public bool IsCompleted => !Turn.IsWaitingForReply;

    /// <summary>The turn's JSON as the platform sent it (<c>$t.Raw | ConvertFrom-Json</c>).</summary>
    public string Raw => Turn.Raw.GetRawText();

    internal ChatTurn Turn { get; }

    public override string ToString() => string.Join(Environment.NewLine, Messages);
}
