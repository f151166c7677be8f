using System.Text.Json;
using Release0.Core.Json;
using Release0.Core.Rendering;

namespace Release0.Core.Chats.Messages;

/// <summary>A text bubble, sent as rich text or as markdown depending on the requested format.</summary>
public sealed class TextMessage : ChatMessage
{
    internal TextMessage(JsonElement raw)
        : base(raw)
    {
        Format = Content.Str("type") ?? "richText";
        RichText = Content.Prop("richText");
        Markdown = RichText is { } nodes ? RichTextRenderer.ToMarkdown(nodes) : Content.Str("markdown") ?? string.Empty;

        // A markdown bubble is already readable; only rich text needs rendering to plain text.
        Text = RichText is { } richText ? RichTextRenderer.ToPlainText(richText) : Markdown;
    }

    /// <summary><c>richText</c> or <c>markdown</c>, as the server said.</summary>
    public string Format { get; }

    /// <summary>The Slate nodes, when sent as rich text.</summary>
    public JsonElement? RichText { get; }

    /// <summary>The bubble as markdown: the server's own, or rendered from the rich text.</summary>
    public string Markdown { get; }

    public override string Text { get; }
}
