using System.Text.Json.Serialization;

namespace Release0.Core.Messages;

/// <summary>The JSON body of <c>POST /v1/api/chat/{slug}</c>.</summary>
internal sealed class AgentMessageBody
{
    [JsonPropertyName("message")]
    public string Message { get; set; } = string.Empty;

    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }

    [JsonPropertyName("conversationId")]
    public string? ConversationId { get; set; }
}
