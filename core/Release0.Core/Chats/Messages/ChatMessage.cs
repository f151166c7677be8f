using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Messages;

/// <summary>A bot bubble. Subclasses model the known types; <see cref="Raw"/> keeps everything sent.</summary>
public abstract class ChatMessage
{
    private protected ChatMessage(JsonElement raw)
    {
        Raw = raw;
        Id = raw.Str("id") ?? string.Empty;
        Type = raw.Str("type") ?? string.Empty;
        Content = raw.Prop("content");
    }

    /// <summary>The block id (not unique per turn: a retry prompt reuses its input's id).</summary>
    public string Id { get; }

    /// <summary>The platform's type string, e.g. <c>text</c> or <c>image</c>.</summary>
    public string Type { get; }

    /// <summary>Readable text: the rendering of a text bubble, the URL of media, a placeholder otherwise.</summary>
    public abstract string Text { get; }

    /// <summary>The bubble's <c>content</c> object as sent.</summary>
    public JsonElement? Content { get; }

    /// <summary>The whole bubble as sent.</summary>
    public JsonElement Raw { get; }

    public override string ToString() => Text;
}
