using System.Text.Json;
using Release0.Core.Http;
using Release0.Core.Json;

namespace Release0.Core.Messages;

/// <summary>An agent's reply to one message: the text, the conversation to continue, and usage metadata.</summary>
public sealed class AgentReply
{
    internal AgentReply(string? response, string? conversationId, string? model, long? tokens, bool isComplete, long length, JsonElement? raw)
    {
        Response = response;
        ConversationId = conversationId;
        Model = model;
        Tokens = tokens;
        IsComplete = isComplete;
        Length = length;
        Raw = raw;
    }

    /// <summary>The reply text; null for a stream read without keeping the text.</summary>
    public string? Response { get; }

    /// <summary>Send it back to continue the conversation; may be absent from a stream.</summary>
    public string? ConversationId { get; }

    public string? Model { get; }

    public long? Tokens { get; }

    /// <summary>False when a stream ended before its end marker.</summary>
    public bool IsComplete { get; }

    /// <summary>Characters received, whether or not the text was kept.</summary>
    public long Length { get; }

    /// <summary>The <c>data</c> object of a non-streamed reply as sent; null for streams.</summary>
    public JsonElement? Raw { get; }

    public override string ToString() => Response ?? $"[{Length} characters, not kept]";

    /// <summary>What refusing a malformed conversation id means for the user (<see cref="ServerId"/>).</summary>
    internal const string MalformedConversation = "the reply cannot be continued from here";

    /// <summary>Reads the documented envelope: <c>{data: {response, conversationId, metadata: {model, tokens}}, error: null}</c>.</summary>
    internal static AgentReply FromEnvelope(JsonElement envelope)
    {
        var data = envelope.Prop("data") ?? envelope;
        var response = data.Str("response") ?? string.Empty;
        var metadata = data.Prop("metadata");
        return new AgentReply(response, data.Str("conversationId"), metadata.Str("model"), (long?)metadata.Num("tokens"), isComplete: true, response.Length, data);
    }
}
