using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Messages;

/// <summary>An embed driven by JavaScript; it pauses the flow until the client continues.</summary>
public sealed class CustomEmbedMessage : ChatMessage
{
    internal CustomEmbedMessage(JsonElement raw)
        : base(raw)
    {
        Url = Content.Str("url");
        InitFunctionContent = Content.Prop("initFunction").Str("content");
        InitFunctionArgs = Content.Prop("initFunction").Prop("args");
        WaitForEventFunctionContent = Content.Prop("waitForEventFunction").Str("content");
        WaitForEventFunctionArgs = Content.Prop("waitForEventFunction").Prop("args");
    }

    public string? Url { get; }

    public string? InitFunctionContent { get; }

    public JsonElement? InitFunctionArgs { get; }

    public string? WaitForEventFunctionContent { get; }

    public JsonElement? WaitForEventFunctionArgs { get; }

    public override string Text => Url ?? "[custom embed]";
}
