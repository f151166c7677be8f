using System.Text.Json;

namespace Release0.Core.Chats.Inputs;

/// <summary>An input type this version does not know; kept whole in <see cref="ChatInput.Raw"/>.</summary>
public sealed class UnknownInput : ChatInput
{
    internal UnknownInput(JsonElement raw)
        : base(raw)
    {
    }

    public override string Prompt => $"[unsupported input type '{Type}']";
}
