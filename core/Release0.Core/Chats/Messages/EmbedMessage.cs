using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Messages;

/// <summary>An embedded page; when it waits for an event the flow pauses until the client continues.</summary>
public sealed class EmbedMessage : ChatMessage
{
    internal EmbedMessage(JsonElement raw)
        : base(raw)
    {
        Url = Content.Str("url");
        Height = Content.Str("height");
        var wait = Content.Prop("waitForEvent");
        WaitsForEvent = wait.Bool("isEnabled") == true;
        WaitEventName = wait.Str("name");
        SaveDataInVariableId = wait.Str("saveDataInVariableId");
    }

    public string? Url { get; }

    /// <summary>A number of pixels or a CSS length, as sent.</summary>
    public string? Height { get; }

    public bool WaitsForEvent { get; }

    public string? WaitEventName { get; }

    public string? SaveDataInVariableId { get; }

    public override string Text => Url ?? "[embed]";
}
