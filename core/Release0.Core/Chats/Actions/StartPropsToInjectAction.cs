using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Actions;

public sealed class StartPropsToInjectAction : ClientSideAction
{
    internal StartPropsToInjectAction(JsonElement raw)
        : base(raw)
    {
        GoogleAnalyticsId = Payload.Str("googleAnalyticsId");
        PixelIds = Payload.Strings("pixelIds");
        GtmId = Payload.Str("gtmId");
        CustomHeadCode = Payload.Str("customHeadCode");
    }

    public string? GoogleAnalyticsId { get; }

    public IReadOnlyList<string> PixelIds { get; }

    public string? GtmId { get; }

    public string? CustomHeadCode { get; }
}
