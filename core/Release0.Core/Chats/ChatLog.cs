using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Chats;

/// <summary>A log entry the flow produced (published runs get a filtered subset).</summary>
public sealed class ChatLog
{
    internal ChatLog(JsonElement raw)
    {
        Raw = raw;
        Status = raw.Str("status");
        Description = raw.Str("description") ?? string.Empty;
        Details = raw.Prop("details") is { } details ? JsonElementReader.AsString(details) ?? details.GetRawText() : null;
        Context = raw.Str("context");
    }

    /// <summary>Free text; <c>success</c>, <c>error</c> or <c>info</c> in practice.</summary>
    public string? Status { get; }

    public string Description { get; }

    public string? Details { get; }

    public string? Context { get; }

    public JsonElement Raw { get; }

    public override string ToString() => $"{Status ?? "log"}: {Description}";
}
