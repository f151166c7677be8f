using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Actions;

public sealed class PixelAction : ClientSideAction
{
    internal PixelAction(JsonElement raw)
        : base(raw)
    {
        PixelId = Payload.Str("pixelId");
        EventType = Payload.Str("eventType");
        IsInitSkip = Payload.Bool("isInitSkip") == true;
        Params = Payload.Prop("params");
    }

    public string? PixelId { get; }

    public string? EventType { get; }

    public bool IsInitSkip { get; }

    public JsonElement? Params { get; }
}
