using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Messages;

public sealed class ImageMessage : ChatMessage
{
    internal ImageMessage(JsonElement raw)
        : base(raw)
    {
        Url = Content.Str("url");
        ClickLinkUrl = Content.Prop("clickLink").Str("url");
        ClickLinkAlt = Content.Prop("clickLink").Str("alt");
    }

    public string? Url { get; }

    public string? ClickLinkUrl { get; }

    public string? ClickLinkAlt { get; }

    public override string Text => Url ?? "[image]";
}
