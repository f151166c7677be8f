using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Inputs;

public sealed class TextInput : ChatInput
{
    internal TextInput(JsonElement raw)
        : base(raw)
    {
        IsLong = Options.Bool("isLong") == true;
        InputMode = Options.Str("inputMode");
        AllowsAttachments = Options.Prop("attachments").Bool("isEnabled") == true;
        AllowsAudioClips = Options.Prop("audioClip").Bool("isEnabled") == true;
        IsPassword = Options.Bool("isPassword") == true;
        IsRequired = Options.Bool("isRequired");
    }

    public bool IsLong { get; }

    /// <summary><c>text</c>, <c>decimal</c>, <c>numeric</c>, <c>tel</c>, <c>search</c>, <c>email</c> or <c>url</c>.</summary>
    public string? InputMode { get; }

    public bool AllowsAttachments { get; }

    public bool AllowsAudioClips { get; }

    public bool IsPassword { get; }

    public bool? IsRequired { get; }
}
