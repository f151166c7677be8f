using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Actions;

public sealed class RedirectAction : ClientSideAction
{
    internal RedirectAction(JsonElement raw)
        : base(raw)
    {
        Url = Payload.Str("url");
        IsNewTab = Payload.Bool("isNewTab") == true;
    }

    public string? Url { get; }

    public bool IsNewTab { get; }

    public override string Summary => $"redirect to {Url}";
}
