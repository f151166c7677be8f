using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Actions;

/// <summary><c>scriptToExecute</c>, <c>setVariable</c> and <c>chatwoot</c>: JavaScript for a browser to run.</summary>
public sealed class ScriptAction : ClientSideAction
{
    internal ScriptAction(JsonElement raw)
        : base(raw)
    {
        // scriptToExecute carries the script itself; setVariable and chatwoot wrap one.
        var script = Type == "scriptToExecute" ? Payload : Payload.Prop("scriptToExecute");
        Content = script.Str("content");
        IsCode = script.Bool("isCode") == true;
        IsUnsafe = script.Bool("isUnsafe") == true;
        Args = script.Items("args")
            .Select(arg => new KeyValuePair<string, JsonElement?>(arg.Str("id") ?? string.Empty, arg.Prop("value")))
            .ToList();
    }

    public string? Content { get; }

    public IReadOnlyList<KeyValuePair<string, JsonElement?>> Args { get; }

    public bool IsCode { get; }

    public bool IsUnsafe { get; }
}
