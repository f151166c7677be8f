using System.Text.Json;
using System.Text.Json.Serialization;

namespace Release0.Bench.Baselines;

/// <summary>The hand-written client's request and response types, read and written by source-generated code.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TypedChatRequest))]
[JsonSerializable(typeof(TypedAgentRequest))]
[JsonSerializable(typeof(TypedTurn))]
[JsonSerializable(typeof(TypedAgentEnvelope))]
internal sealed partial class TypedJsonContext : JsonSerializerContext;

internal sealed class TypedChatRequest
{
    public TypedReply? Message { get; set; }

    public string? TextBubbleContentFormat { get; set; }
}

internal sealed class TypedReply
{
    public string Type { get; set; } = "text";

    public string? Text { get; set; }
}

internal sealed class TypedAgentRequest
{
    public string Message { get; set; } = string.Empty;
}

/// <summary>A start or continue answer: the same fields the core's turn exposes.</summary>
internal sealed class TypedTurn
{
    public string? SessionId { get; set; }

    public string? ResultId { get; set; }

    public TypedAgentInfo? Agent { get; set; }

    public List<TypedMessage> Messages { get; set; } = [];

    public TypedInput? Input { get; set; }

    public List<JsonElement>? ClientSideActions { get; set; }

    public List<JsonElement>? Logs { get; set; }

    public double? Progress { get; set; }

    public string? LastMessageNewFormat { get; set; }
}

internal sealed class TypedAgentInfo
{
    public string? Id { get; set; }

    public string? Version { get; set; }

    public DateTimeOffset? PublishedAt { get; set; }
}

internal sealed class TypedMessage
{
    public string? Id { get; set; }

    public string? Type { get; set; }

    public TypedContent? Content { get; set; }
}

internal sealed class TypedContent
{
    public string? Type { get; set; }

    public List<TypedRichNode>? RichText { get; set; }

    public string? Markdown { get; set; }

    public string? Url { get; set; }
}

/// <summary>A rich-text element (type and children) or leaf (text and marks).</summary>
internal sealed class TypedRichNode
{
    public string? Type { get; set; }

    public string? Text { get; set; }

    public bool? Bold { get; set; }

    public bool? Italic { get; set; }

    public bool? Underline { get; set; }

    public string? Url { get; set; }

    public List<TypedRichNode>? Children { get; set; }
}

internal sealed class TypedInput
{
    public string? Id { get; set; }

    public string? Type { get; set; }

    public JsonElement? Options { get; set; }

    public string? PrefilledValue { get; set; }
}

internal sealed class TypedAgentEnvelope
{
    public TypedAgentData? Data { get; set; }

    public JsonElement? Error { get; set; }
}

internal sealed class TypedAgentData
{
    public string? Response { get; set; }

    public string? ConversationId { get; set; }

    public TypedAgentMetadata? Metadata { get; set; }
}

internal sealed class TypedAgentMetadata
{
    public string? Model { get; set; }

    public long? Tokens { get; set; }
}
