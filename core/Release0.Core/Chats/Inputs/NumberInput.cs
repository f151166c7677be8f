using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Inputs;

public sealed class NumberInput : ChatInput
{
    internal NumberInput(JsonElement raw)
        : base(raw)
    {
        Min = Options.Num("min");
        Max = Options.Num("max");
        Step = Options.Num("step");
        Locale = Options.Str("locale");
        Style = Options.Str("style");
        Currency = Options.Str("currency");
        Unit = Options.Str("unit");
    }

    public double? Min { get; }

    public double? Max { get; }

    public double? Step { get; }

    public string? Locale { get; }

    /// <summary><c>decimal</c>, <c>currency</c>, <c>percent</c> or <c>unit</c>.</summary>
    public string? Style { get; }

    public string? Currency { get; }

    public string? Unit { get; }

    public override string Prompt => Labels.Str("placeholder") ?? (Min is null && Max is null ? "a number" : $"a number from {Min?.ToString() ?? "any"} to {Max?.ToString() ?? "any"}");
}
