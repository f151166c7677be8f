using System.Text.Json.Serialization;

namespace Release0.Core.Chats;

/// <summary>The JSON body of start, preview start and continue; null fields are left out.</summary>
internal sealed class ChatRequestBody
{
    [JsonPropertyName("message")]
    public ChatMessageBody? Message { get; set; }

    [JsonPropertyName("initialContext")]
    public IDictionary<string, string?>? InitialContext { get; set; }

    [JsonPropertyName("resultId")]
    public string? ResultId { get; set; }

    [JsonPropertyName("isOnlyRegistering")]
    public bool? IsOnlyRegistering { get; set; }

    [JsonPropertyName("textBubbleContentFormat")]
    public string? TextBubbleContentFormat { get; set; }

    [JsonPropertyName("startFrom")]
    public StartFromBody? StartFrom { get; set; }

    [JsonPropertyName("sessionId")]
    public string? SessionId { get; set; }

    [JsonPropertyName("password")]
    public string? Password { get; set; }

    public static ChatMessageBody? From(ChatReply? reply) => reply is null
        ? null
        : new ChatMessageBody
        {
            Type = reply.Type,
            Text = reply.Text,
            Url = reply.Url,
            Command = reply.Command,
            AttachedFileUrls = reply.AttachedFileUrls.Count > 0 ? reply.AttachedFileUrls : null,
            Metadata = reply.ReplyId is null ? null : new ChatMessageMetadataBody { ReplyId = reply.ReplyId },
        };

    public static string Format(TextBubbleFormat format) => format == TextBubbleFormat.Markdown ? "markdown" : "richText";
}

internal sealed class ChatMessageBody
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "text";

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("command")]
    public string? Command { get; set; }

    [JsonPropertyName("attachedFileUrls")]
    public IReadOnlyList<string>? AttachedFileUrls { get; set; }

    [JsonPropertyName("metadata")]
    public ChatMessageMetadataBody? Metadata { get; set; }
}

internal sealed class ChatMessageMetadataBody
{
    [JsonPropertyName("replyId")]
    public string? ReplyId { get; set; }
}

internal sealed class StartFromBody
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "group";

    [JsonPropertyName("groupId")]
    public string? GroupId { get; set; }

    [JsonPropertyName("eventId")]
    public string? EventId { get; set; }
}
