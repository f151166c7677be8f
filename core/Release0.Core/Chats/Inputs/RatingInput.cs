using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Inputs;

public sealed class RatingInput : ChatInput
{
    internal RatingInput(JsonElement raw)
        : base(raw)
    {
        ButtonType = Options.Str("buttonType") ?? "Numbers";
        Length = (int)(Options.Num("length") ?? 10);
        StartsAt = (int)(Options.Num("startsAt") ?? 0);
        LeftLabel = Labels.Str("left");
        RightLabel = Labels.Str("right");
        IsOneClickSubmitEnabled = Options.Bool("isOneClickSubmitEnabled") == true;
        UsesCustomIcon = Options.Prop("customIcon").Bool("isEnabled") == true;
    }

    /// <summary><c>Icons</c> or <c>Numbers</c>.</summary>
    public string ButtonType { get; }

    public int Length { get; }

    public int StartsAt { get; }

    public string? LeftLabel { get; }

    public string? RightLabel { get; }

    public bool IsOneClickSubmitEnabled { get; }

    public bool UsesCustomIcon { get; }

    public override string Prompt => $"a rating from {StartsAt} to {Length}";
}
