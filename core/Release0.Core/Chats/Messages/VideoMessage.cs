using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Messages;

public sealed class VideoMessage : ChatMessage
{
    internal VideoMessage(JsonElement raw)
        : base(raw)
    {
        Url = Content.Str("url");
        VideoId = Content.Str("id");
        Provider = Content.Str("type");
        Height = Content.Str("height");
        AspectRatio = Content.Str("aspectRatio");
        MaxWidth = Content.Str("maxWidth");
        QueryParams = Content.Str("queryParamsStr");
        AreControlsDisplayed = Content.Bool("areControlsDisplayed");
        IsAutoplayEnabled = Content.Bool("isAutoplayEnabled");
    }

    public string? Url { get; }

    /// <summary>The provider's video id (YouTube, Vimeo, ...), when not a plain URL.</summary>
    public string? VideoId { get; }

    /// <summary><c>url</c>, <c>youtube</c>, <c>vimeo</c>, <c>tiktok</c> or <c>gumlet</c>.</summary>
    public string? Provider { get; }

    /// <summary>A number of pixels or a CSS length, as sent.</summary>
    public string? Height { get; }

    public string? AspectRatio { get; }

    public string? MaxWidth { get; }

    public string? QueryParams { get; }

    public bool? AreControlsDisplayed { get; }

    public bool? IsAutoplayEnabled { get; }

    public override string Text => Url ?? (VideoId is null ? "[video]" : $"[{Provider ?? "video"} video {VideoId}]");
}
