using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Inputs;

/// <summary>Reply with uploaded file URLs joined by ", "; an optional one may be skipped.</summary>
public sealed class FileInput : ChatInput
{
    internal FileInput(JsonElement raw)
        : base(raw)
    {
        IsRequired = Options.Bool("isRequired") ?? true;
        IsMultipleAllowed = Options.Bool("isMultipleAllowed") == true;
        var types = Options.Prop("allowedFileTypes");
        AllowedFileTypes = types.Bool("isEnabled") == true ? types.Strings("types") : [];
        Visibility = Options.Str("visibility");
        SkipLabel = Labels.Str("skip");
    }

    public bool IsRequired { get; }

    public bool IsMultipleAllowed { get; }

    /// <summary>Allowed extensions or types; empty when any file is accepted.</summary>
    public IReadOnlyList<string> AllowedFileTypes { get; }

    public string? Visibility { get; }

    public string? SkipLabel { get; }

    public override string Prompt => (IsMultipleAllowed ? "file URLs" : "a file URL") + (IsRequired ? string.Empty : " (optional)");
}
