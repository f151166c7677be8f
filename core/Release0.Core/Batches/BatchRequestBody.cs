using System.Text.Json;
using System.Text.Json.Serialization;
using Release0.Core.Json;

namespace Release0.Core.Batches;

/// <summary>The JSON body of a batch submission; null fields are left out.</summary>
internal sealed class BatchRequestBody
{
    [JsonPropertyName("userProfileId")]
    public string UserProfileId { get; set; } = string.Empty;

    [JsonPropertyName("externalUserId")]
    public string? ExternalUserId { get; set; }

    [JsonPropertyName("chatSessionId")]
    public string? ChatSessionId { get; set; }

    [JsonPropertyName("externalChatSessionId")]
    public string? ExternalChatSessionId { get; set; }

    [JsonPropertyName("projectEnvId")]
    public string ProjectEnvId { get; set; } = string.Empty;

    [JsonPropertyName("agentId")]
    public string AgentId { get; set; } = string.Empty;

    [JsonPropertyName("filters")]
    public BatchFilters? Filters { get; set; }

    /// <summary>A string holding the JSON array, or the array itself.</summary>
    [JsonPropertyName("messages")]
    public JsonElement Messages { get; set; }

    public static BatchRequestBody From(BatchRequest request)
    {
        var array = JsonSerializer.SerializeToUtf8Bytes(request.Messages, CoreJsonContext.Default.IListBatchMessage);
        using var document = JsonDocument.Parse(request.MessagesEncoding == BatchMessagesEncoding.Array ? array : Stringified(array));
        return new BatchRequestBody
        {
            UserProfileId = request.UserProfileId,
            ExternalUserId = NullIfBlank(request.ExternalUserId),
            ChatSessionId = NullIfBlank(request.ChatSessionId),
            ExternalChatSessionId = NullIfBlank(request.ExternalChatSessionId),
            ProjectEnvId = request.ProjectEnvId,
            AgentId = request.AgentId,
            Filters = request.Filters,
            Messages = document.RootElement.Clone(),
        };
    }

    /// <summary>The array as one JSON string, escaped straight from its UTF-8 bytes (no UTF-16 copy of a large batch).</summary>
    private static ReadOnlyMemory<byte> Stringified(byte[] array)
    {
        var stream = new MemoryStream(array.Length + (array.Length / 4) + 2);
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStringValue(array);
        }

        return new ReadOnlyMemory<byte>(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>The JSON body of a poll.</summary>
internal sealed class BatchPollBody
{
    [JsonPropertyName("userProfileId")]
    public string UserProfileId { get; set; } = string.Empty;
}
