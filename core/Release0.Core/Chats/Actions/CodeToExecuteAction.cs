using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Actions;

public sealed class CodeToExecuteAction : ClientSideAction
{
    internal CodeToExecuteAction(JsonElement raw)
        : base(raw)
    {
        Content = Payload.Str("content");
        Args = Payload.Prop("args");
    }

    public string? Content { get; }

    public JsonElement? Args { get; }
}
