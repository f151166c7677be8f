using Release0.Core.Chats;

namespace Release0.PowerShell.Output;

/// <summary>One line of a chat transcript: who said it (<c>Agent</c> or <c>You</c>), what, and when.</summary>
public sealed class AgentTranscriptEntry
{
    internal AgentTranscriptEntry(TranscriptEntry entry)
    {
        Speaker = entry.Speaker == Core.Chats.Speaker.Agent ? "Agent" : "You";
        Text = entry.Text;
        At = entry.At;
    }

    public string Speaker { get; }

    public string Text { get; }

    public DateTimeOffset At { get; }

    public override string ToString() => $"{(Speaker == "Agent" ? "agent" : "you")}: {Text}";
}
