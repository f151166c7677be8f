using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Inputs;

/// <summary>The input block waiting for the user's reply. Subclasses model each known type.</summary>
public abstract class ChatInput
{
    private protected ChatInput(JsonElement raw)
    {
        Raw = raw;
        Id = raw.Str("id") ?? string.Empty;
        Type = raw.Str("type") ?? string.Empty;
        OutgoingEdgeId = raw.Str("outgoingEdgeId");
        PrefilledValue = raw.Str("prefilledValue");
        Options = raw.Prop("options");
        Labels = Options.Prop("labels");
    }

    public string Id { get; }

    /// <summary>The platform's type string, e.g. <c>email input</c>.</summary>
    public string Type { get; }

    public string? OutgoingEdgeId { get; }

    /// <summary>The bound variable's current value, when it has one.</summary>
    public string? PrefilledValue { get; }

    /// <summary>The <c>options</c> object as sent.</summary>
    public JsonElement? Options { get; }

    /// <summary>The whole input as sent.</summary>
    public JsonElement Raw { get; }

    /// <summary>The submit button's label, when the input has one.</summary>
    public string? ButtonLabel => Labels.Str("button") ?? Options.Str("buttonLabel");

    /// <summary>One line telling a person what is expected, e.g. <c>Starter | Team</c>.</summary>
    public virtual string Prompt => Labels.Str("placeholder") ?? Type;

    private protected JsonElement? Labels { get; }

    /// <summary>Choice-like items: at the block's top level in Typebot, tolerated inside options too.</summary>
    private protected IEnumerable<JsonElement> RawItems => Raw.Items("items").Concat(Options.Items("items"));

    public override string ToString() => $"{Type}: {Prompt}";
}
