using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats.Inputs;

/// <summary>Cards with buttons (paths). Reply with a path id or a card's title.</summary>
public sealed class CardsInput : ChatInput
{
    internal CardsInput(JsonElement raw)
        : base(raw)
    {
        Items = RawItems
            .Select(card => new CardItem(
                card.Str("id") ?? string.Empty,
                card.Str("imageUrl"),
                card.Str("title"),
                card.Str("description"),
                card.Items("paths").Select(path => new CardPath(path.Str("id") ?? string.Empty, path.Str("text"))).ToList()))
            .ToList();
    }

    public IReadOnlyList<CardItem> Items { get; }

    public override string Prompt => string.Join(" | ", Items.Select(card => card.Title ?? card.Id));
}

public sealed class CardItem
{
    public CardItem(string id, string? imageUrl, string? title, string? description, IReadOnlyList<CardPath> paths)
    {
        Id = id;
        ImageUrl = imageUrl;
        Title = title;
        Description = description;
        Paths = paths;
    }

    public string Id { get; }

    public string? ImageUrl { get; }

    public string? Title { get; }

    public string? Description { get; }

    public IReadOnlyList<CardPath> Paths { get; }
}

public sealed class CardPath
{
    public CardPath(string id, string? text)
    {
        Id = id;
        Text = text;
    }

    public string Id { get; }

    public string? Text { get; }
}
