using System.Text.Json;
using System.Text.Json.Nodes;

namespace Release0.Sandbox.Chat;

/// <summary>A validated chat request body (contract sections 3 to 6).</summary>
internal sealed class ChatRequest
{
    private ChatRequest()
    {
    }

    /// <summary>The reply as text: a bare string, a text message, an audio URL or a command.</summary>
    public string? MessageText { get; private init; }

    /// <summary><c>metadata.replyId</c>, which selects a choice directly.</summary>
    public string? ReplyId { get; private init; }

    public string Format { get; private init; } = "richText";

    public Dictionary<string, string> InitialContext { get; } = new(StringComparer.Ordinal);

    public string? ResultId { get; private init; }

    public bool IsOnlyRegistering { get; private init; }

    public string? SessionId { get; private init; }

    /// <summary>Parses and validates, returning zod-like issues instead of a request when the body is wrong.</summary>
    public static (ChatRequest? Request, JsonArray? Issues) Parse(JsonObject obj)
    {
        var issues = new JsonArray();

        string? text = null;
        string? replyId = null;
        switch (obj["message"])
        {
            case null when obj.ContainsKey("message"):
                issues.Add(Issue("invalid_type", "Expected string or object, received null", ["message"]));
                break;
            case null:
                break;
            case JsonValue value when value.TryGetValue<string>(out var bare):
                text = bare;
                break;
            case JsonObject message:
                var type = StringOf(message["type"]);
                var field = type switch { "text" => "text", "audio" => "url", "command" => "command", _ => null };
                if (field is null)
                {
                    issues.Add(Issue("invalid_union_discriminator", "Invalid discriminator value. Expected 'text' | 'audio' | 'command'", ["message", "type"]));
                }
                else if (StringOf(message[field]) is { } content)
                {
                    text = content;
                    replyId = StringOf(message["metadata"]?["replyId"]);
                    ExpectString(message["metadata"]?["replyId"], ["message", "metadata", "replyId"], issues);
                    if (message["attachedFileUrls"] is { } urls && (urls is not JsonArray list || list.Any(u => StringOf(u) is null)))
                    {
                        issues.Add(Issue("invalid_type", "Expected array of strings", ["message", "attachedFileUrls"]));
                    }
                }
                else
                {
                    issues.Add(Issue("invalid_type", $"Required string '{field}'", ["message", field]));
                }

                break;
            default:
                issues.Add(Issue("invalid_type", "Expected string or object", ["message"]));
                break;
        }

        ExpectString(obj["resultId"], ["resultId"], issues);
        ExpectString(obj["sessionId"], ["sessionId"], issues);
        ExpectBoolean(obj["isOnlyRegistering"], ["isOnlyRegistering"], issues);
        ExpectBoolean(obj["isStreamEnabled"], ["isStreamEnabled"], issues);
        var format = StringOf(obj["textBubbleContentFormat"]) ?? "richText";
        if (obj["textBubbleContentFormat"] is { } given && StringOf(given) is null)
        {
            issues.Add(Issue("invalid_type", $"Expected 'richText' | 'markdown', received {Kind(given)}", ["textBubbleContentFormat"]));
        }
        else if (format is not ("richText" or "markdown"))
        {
            issues.Add(Issue("invalid_enum_value", "Expected 'richText' | 'markdown'", ["textBubbleContentFormat"]));
        }

        var request = new ChatRequest
        {
            MessageText = text,
            ReplyId = replyId,
            Format = format,
            ResultId = StringOf(obj["resultId"]),
            IsOnlyRegistering = obj["isOnlyRegistering"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True,
            SessionId = StringOf(obj["sessionId"]),
        };

        // Release0 says initialContext; Typebot says prefilledVariables. Accept both.
        foreach (var name in new[] { "prefilledVariables", "initialContext" })
        {
            switch (obj[name])
            {
                case null:
                    break;
                case JsonObject variables:
                    foreach (var (key, value) in variables)
                    {
                        request.InitialContext[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty;
                    }

                    break;
                default:
                    issues.Add(Issue("invalid_type", "Expected object", [name]));
                    break;
            }
        }

        return issues.Count > 0 ? (null, issues) : (request, null);
    }

    /// <summary>Absent is fine; present must be a string (zod's optional() refuses null too).</summary>
    private static void ExpectString(JsonNode? node, string[] path, JsonArray issues)
    {
        if (node is not null && StringOf(node) is null)
        {
            issues.Add(Issue("invalid_type", $"Expected string, received {Kind(node)}", path));
        }
    }

    private static void ExpectBoolean(JsonNode? node, string[] path, JsonArray issues)
    {
        if (node is not null && node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            issues.Add(Issue("invalid_type", $"Expected boolean, received {Kind(node)}", path));
        }
    }

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    private static string? StringOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <remarks>Typed as <see cref="JsonNode"/> so <c>issues.Add</c> takes the node as it is, not through reflection-based <c>Add&lt;T&gt;</c>.</remarks>
    private static JsonNode Issue(string code, string message, string[] path) =>
        new JsonObject { ["code"] = code, ["message"] = message, ["path"] = new JsonArray(path.Select(p => (JsonNode)p).ToArray()) };
}
