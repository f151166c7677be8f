using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Inputs;

public sealed class PictureChoiceInput : ChatInput
{
    internal PictureChoiceInput(JsonElement raw)
        : base(raw)
    {
        Items = RawItems
            .Select(item => new PictureChoiceItem(item.Str("id") ?? string.Empty, item.Str("pictureSrc"), item.Str("title"), item.Str("description"), item.Str("value")))
            .ToList();
        IsMultipleChoice = Options.Bool("isMultipleChoice") == true;
        IsSearchable = Options.Bool("isSearchable") == true;
        HasDynamicItems = Options.Prop("dynamicItems").Bool("isEnabled") == true;
    }

    public IReadOnlyList<PictureChoiceItem> Items { get; }

    public bool IsMultipleChoice { get; }

    public bool IsSearchable { get; }

    public bool HasDynamicItems { get; }

    public override string Prompt => (IsMultipleChoice ? "one or more of: " : string.Empty) + string.Join(" | ", Items);
}

public sealed class PictureChoiceItem
{
    public PictureChoiceItem(string id, string? pictureSrc, string? title, string? description, string? value)
    {
        Id = id;
        PictureSrc = pictureSrc;
        Title = title;
        Description = description;
        Value = value;
    }

    public string Id { get; }

    public string? PictureSrc { get; }

    public string? Title { get; }

    public string? Description { get; }

    public string? Value { get; }

    public override string ToString() => Title ?? Value ?? PictureSrc ?? Id;
}
