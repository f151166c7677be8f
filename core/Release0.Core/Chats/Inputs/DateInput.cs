using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Inputs;

public sealed class DateInput : ChatInput
{
    internal DateInput(JsonElement raw)
        : base(raw)
    {
        HasTime = Options.Bool("hasTime") == true;
        IsRange = Options.Bool("isRange") == true;
        Format = Options.Str("format");
        Min = Options.Str("min");
        Max = Options.Str("max");
        FromLabel = Labels.Str("from");
        ToLabel = Labels.Str("to");
    }

    public bool HasTime { get; }

    public bool IsRange { get; }

    /// <summary>Unicode TR35 pattern; the platform's default is <c>dd/MM/yyyy</c>.</summary>
    public string? Format { get; }

    public string? Min { get; }

    public string? Max { get; }

    public string? FromLabel { get; }

    public string? ToLabel { get; }

    public override string Prompt => (IsRange ? "a date range" : HasTime ? "a date and time" : "a date") + (Format is null ? string.Empty : $" ({Format})");
}
