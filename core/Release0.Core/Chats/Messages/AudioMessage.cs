using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Messages;

public sealed class AudioMessage : ChatMessage
{
    internal AudioMessage(JsonElement raw)
        : base(raw)
    {
        Url = Content.Str("url");
        IsAutoplayEnabled = Content.Bool("isAutoplayEnabled");
    }

    public string? Url { get; }

    public bool? IsAutoplayEnabled { get; }

    public override string Text => Url ?? "[audio]";
}
