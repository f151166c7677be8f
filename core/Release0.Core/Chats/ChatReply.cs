namespace Release0.Core.Chats;

/// <summary>What the user sends: text (optionally with attachments or a direct choice id), an audio clip or a command.</summary>
public sealed class ChatReply
{
    private ChatReply(string type, string? text, string? url, string? command, IReadOnlyList<string>? attachedFileUrls, string? replyId)
    {
        Type = type;
        Text = text;
        Url = url;
        Command = command;
        AttachedFileUrls = attachedFileUrls ?? [];
        ReplyId = replyId;
    }

    /// <summary><c>text</c>, <c>audio</c> or <c>command</c>.</summary>
    public string Type { get; }

    public string? Text { get; }

    public string? Url { get; }

    public string? Command { get; }

    /// <summary>Only accepted when the current text input allows attachments.</summary>
    public IReadOnlyList<string> AttachedFileUrls { get; }

    /// <summary>Selects a choice item or card path by id, whatever the text says.</summary>
    public string? ReplyId { get; }

    public static ChatReply FromText(string text, IReadOnlyList<string>? attachedFileUrls = null, string? replyId = null) =>
        new("text", text ?? throw new ArgumentNullException(nameof(text)), null, null, attachedFileUrls, replyId);

    public static ChatReply FromAudio(string url) => new("audio", null, url ?? throw new ArgumentNullException(nameof(url)), null, null, null);

    public static ChatReply FromCommand(string command) => new("command", null, null, command ?? throw new ArgumentNullException(nameof(command)), null, null);

    /// <summary>How the reply reads in a transcript.</summary>
    public override string ToString() => Type switch
    {
        "audio" => $"[audio {Url}]",
        "command" => $"[command {Command}]",
        _ => Text ?? string.Empty,
    };
}
