using System.Text.Json;

namespace Release0.Core.Chats.Messages;

/// <summary>A bubble type this version does not know; kept whole in <see cref="ChatMessage.Raw"/>.</summary>
public sealed class UnknownMessage : ChatMessage
{
    internal UnknownMessage(JsonElement raw)
        : base(raw)
    {
    }

    public override string Text => $"[unsupported message type '{Type}']";
}
