namespace Release0.Core.Chats;

/// <summary>How the server should send text bubbles; sent on start and on every continue.</summary>
public enum TextBubbleFormat
{
    RichText,
    Markdown,
}
