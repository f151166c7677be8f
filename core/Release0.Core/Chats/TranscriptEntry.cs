namespace Release0.Core.Chats;

public enum Speaker
{
    Agent,
    User,
}

/// <summary>One line of a conversation as a person would read it.</summary>
public sealed class TranscriptEntry
{
    public TranscriptEntry(Speaker speaker, string text, DateTimeOffset at)
    {
        Speaker = speaker;
        Text = text;
        At = at;
    }

    public Speaker Speaker { get; }

    public string Text { get; }

    public DateTimeOffset At { get; }

    public override string ToString() => $"{(Speaker == Speaker.Agent ? "agent" : "you")}: {Text}";
}
