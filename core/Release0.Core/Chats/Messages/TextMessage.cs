using System.Text.Json;
using Release0.Core.Json;
using Release0.Core.Rendering;

namespace Release0.Core.Chats.Messages;

/// <summary>A text bubble, sent as rich text or as markdown depending on the requested format.</summary>
public sealed class TextMessage : ChatMessage
{
    private readonly string? _markdownFromServer;
    private string? _markdown;
    private string? _text;

    internal TextMessage(JsonElement raw)
        : base(raw)
    {
        Format = Content.Str("type") ?? "richText";
        RichText = Content.Prop("richText");
        _markdownFromServer = Content.Str("markdown");
    }

    /// <summary><c>richText</c> or <c>markdown</c>, as the server said.</summary>
    public string Format { get; }

    /// <summary>The Slate nodes, when sent as rich text.</summary>
    public JsonElement? RichText { get; }

    /// <summary>The bubble as markdown: the server's own, or rendered from the rich text (on first use).</summary>
    public string Markdown => _markdown ??= RichText is { } nodes ? RichTextRenderer.ToMarkdown(nodes) : _markdownFromServer ?? string.Empty;

    /// <summary>Plain text: rendered from rich text on first use; a markdown bubble is already readable as it is.</summary>
    public override string Text => _text ??= RichText is { } nodes ? RichTextRenderer.ToPlainText(nodes) : _markdownFromServer ?? string.Empty;
}
