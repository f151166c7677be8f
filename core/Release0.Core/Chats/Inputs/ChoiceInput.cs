using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Inputs;

/// <summary>Buttons. Reply with an item's content (or its id or value); several joined by ", " when multiple.</summary>
public sealed class ChoiceInput : ChatInput
{
    internal ChoiceInput(JsonElement raw)
        : base(raw)
    {
        Items = RawItems
            .Select(item => new ChoiceItem(item.Str("id") ?? string.Empty, item.Str("content"), item.Str("value")))
            .ToList();
        IsMultipleChoice = Options.Bool("isMultipleChoice") == true;
        IsSearchable = Options.Bool("isSearchable") == true;
    }

    public IReadOnlyList<ChoiceItem> Items { get; }

    public bool IsMultipleChoice { get; }

    public bool IsSearchable { get; }

    public override string Prompt => (IsMultipleChoice ? "one or more of: " : string.Empty) + string.Join(" | ", Items.Select(item => item.Content ?? item.Value ?? item.Id));
}

public sealed class ChoiceItem
{
    public ChoiceItem(string id, string? content, string? value)
    {
        Id = id;
        Content = content;
        Value = value;
    }

    public string Id { get; }

    /// <summary>The label shown on the button.</summary>
    public string? Content { get; }

    /// <summary>The value stored instead of the label, when set.</summary>
    public string? Value { get; }

    public override string ToString() => Content ?? Value ?? Id;
}
