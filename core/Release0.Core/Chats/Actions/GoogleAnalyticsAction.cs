using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Actions;

public sealed class GoogleAnalyticsAction : ClientSideAction
{
    internal GoogleAnalyticsAction(JsonElement raw)
        : base(raw)
    {
        TrackingId = Payload.Str("trackingId");
        Category = Payload.Str("category");
        Action = Payload.Str("action");
        Label = Payload.Str("label");
        Value = Payload.Str("value");
        SendTo = Payload.Str("sendTo");
    }

    public string? TrackingId { get; }

    public string? Category { get; }

    public string? Action { get; }

    public string? Label { get; }

    public string? Value { get; }

    public string? SendTo { get; }
}
