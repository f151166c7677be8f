using System.Text;
using System.Text.Json;

namespace Release0.Core.Messages;

/// <summary>
/// One Server-Sent Event of a streamed reply: <c>{"chunk": "..."}</c>, optionally with
/// <c>conversationId</c>, <c>metadata</c> or <c>error</c>; or the end marker <c>[DONE]</c>.
/// Parsed straight from the event's UTF-8 bytes so a long stream allocates little beyond its chunks.
/// </summary>
internal readonly struct StreamEvent
{
    private static readonly byte[] DoneMarker = Encoding.ASCII.GetBytes("[DONE]");

    private StreamEvent(bool isDone, string? chunk, string? conversationId, string? model, long? tokens, JsonElement? error, string? malformed = null)
    {
        Malformed = malformed;
        IsDone = isDone;
        Chunk = chunk;
        ConversationId = conversationId;
        Model = model;
        Tokens = tokens;
        Error = error;
    }

    public bool IsDone { get; }

    /// <summary>Why an event that is JSON by its look could not be read (too deeply nested, cut); null for a readable one.</summary>
    public string? Malformed { get; }

    public string? Chunk { get; }

    public string? ConversationId { get; }

    public string? Model { get; }

    public long? Tokens { get; }

    /// <summary>An <c>error</c> payload (object or string), or the whole data of an <c>event: error</c>.</summary>
    public JsonElement? Error { get; }

    public static StreamEvent Parse(string eventType, ReadOnlySpan<byte> data)
    {
        var trimmed = Trim(data);
        if (trimmed.SequenceEqual(DoneMarker))
        {
            return new StreamEvent(true, null, null, null, null, null);
        }

        try
        {
            return ParseJson(eventType, trimmed);
        }
        catch (JsonException ex) when (trimmed.Length > 0 && trimmed[0] == (byte)'{')
        {
            // An object the reader refuses is no reply text: showing it would print the server's structure as if the agent said it.
            return new StreamEvent(false, null, null, null, null, null, ex.Message);
        }
        catch (JsonException)
        {
            // Not JSON: a plain-text chunk (or error text) is still better shown than dropped.
            var text = Encoding.UTF8.GetString(data.ToArray());
            return eventType == "error"
                ? new StreamEvent(false, null, null, null, null, JsonSerializerString(text))
                : new StreamEvent(false, text, null, null, null, null);
        }
    }

    private static StreamEvent ParseJson(string eventType, ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("not an object");
        }

        string? chunk = null, conversationId = null, model = null;
        long? tokens = null;
        JsonElement? error = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "chunk" when reader.TokenType == JsonTokenType.String:
                    chunk = reader.GetString();
                    break;
                case "conversationId" when reader.TokenType == JsonTokenType.String:
                    conversationId = reader.GetString();
                    break;
                case "metadata" when reader.TokenType == JsonTokenType.StartObject:
                    using (var metadata = JsonDocument.ParseValue(ref reader))
                    {
                        if (metadata.RootElement.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String)
                        {
                            model = m.GetString();
                        }

                        if (metadata.RootElement.TryGetProperty("tokens", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var count))
                        {
                            tokens = count;
                        }
                    }

                    break;
                case "error" when reader.TokenType is not JsonTokenType.Null:
                    using (var value = JsonDocument.ParseValue(ref reader))
                    {
                        error = value.RootElement.Clone();
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (eventType == "error" && error is null)
        {
            using var whole = JsonDocument.Parse(data.ToArray());
            error = whole.RootElement.Clone();
        }

        return new StreamEvent(false, chunk, conversationId, model, tokens, error);
    }

    private static JsonElement JsonSerializerString(string text)
    {
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(text, Json.CoreJsonContext.Default.String));
        return document.RootElement.Clone();
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> data)
    {
        var start = 0;
        var end = data.Length;
        while (start < end && data[start] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t')
        {
            start++;
        }

        while (end > start && data[end - 1] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t')
        {
            end--;
        }

        return data.Slice(start, end - start);
    }
}
