using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Inputs;

public sealed class TimeInput : ChatInput
{
    internal TimeInput(JsonElement raw)
        : base(raw)
    {
        Format = Options.Str("format");
    }

    /// <summary>The platform's default is <c>HH:mm</c>.</summary>
    public string? Format { get; }

    public override string Prompt => "a time" + (Format is null ? string.Empty : $" ({Format})");
}
