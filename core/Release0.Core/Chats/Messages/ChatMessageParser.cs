using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Messages;

internal static class ChatMessageParser
{
    public static ChatMessage Parse(JsonElement raw) => raw.Str("type") switch
    {
        "text" => new TextMessage(raw),
        "image" => new ImageMessage(raw),
        "video" => new VideoMessage(raw),
        "audio" => new AudioMessage(raw),
        "embed" => new EmbedMessage(raw),
        "custom-embed" => new CustomEmbedMessage(raw),
        _ => new UnknownMessage(raw),
    };
}
