using System.Text.Json;
using Release0.Core.Json;

namespace Release0.Core.Batches;

/// <summary>
/// Classifies a poll response whose shape is undocumented (agent-apis.md B.6.5), tolerantly:
/// an <c>error</c> or a failure status means failed; a known status word or letter code decides
/// next; otherwise non-empty <c>messages</c> mean completed; anything else is unknown. The body may
/// be wrapped in <c>data</c> or keep its messages in <c>result</c>.
/// </summary>
internal static class BatchStatusClassifier
{
    private static readonly HashSet<string> CompletedWords = new(StringComparer.OrdinalIgnoreCase) { "completed", "complete", "done", "success", "succeeded", "finished", "A", "C" };
    private static readonly HashSet<string> PendingWords = new(StringComparer.OrdinalIgnoreCase) { "pending", "queued", "running", "in_progress", "in-progress", "inprogress", "processing", "started", "new", "N", "I" };
    private static readonly HashSet<string> FailedWords = new(StringComparer.OrdinalIgnoreCase) { "failed", "failure", "error", "errored", "cancelled", "canceled", "D", "P" };

    public static BatchStatus Classify(string batchJobId, JsonElement raw)
    {
        var body = raw.Prop("data") is { ValueKind: JsonValueKind.Object } data ? data : raw;
        var result = body.Prop("result");
        var statusValue = body.Prop("status") ?? body.Prop("state") ?? body.Prop("jobStatus");
        var statusText = JsonElementReader.AsString(statusValue);
        var messages = ReadMessages(body).Concat(ReadMessages(result)).ToList();
        var chatSessionId = body.Str("chatSessionId") ?? result.Str("chatSessionId") ?? raw.Str("chatSessionId");
        var error = body.Prop("error") ?? raw.Prop("error");
        var (errorCode, errorMessage) = ReadError(error, body);

        BatchState state;
        if (error is not null || statusValue is { ValueKind: JsonValueKind.False } || (statusText is not null && FailedWords.Contains(statusText)))
        {
            state = BatchState.Failed;
        }
        else if (statusText is not null && CompletedWords.Contains(statusText))
        {
            state = BatchState.Completed;
        }
        else if (statusText is not null && PendingWords.Contains(statusText))
        {
            state = BatchState.Pending;
        }
        else
        {
            state = messages.Count > 0 ? BatchState.Completed : BatchState.Unknown;
        }

        return new BatchStatus(batchJobId, state, statusText, messages, chatSessionId, errorCode, errorMessage, raw);
    }

    private static IEnumerable<BatchMessage> ReadMessages(JsonElement? container)
    {
        // Messages may arrive as an array or, like the request, as a string holding one.
        var value = container.Prop("messages");
        if (value is { ValueKind: JsonValueKind.String } text && text.GetString() is { } json && json.TrimStart().StartsWith("[", StringComparison.Ordinal))
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                value = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                return [];
            }
        }

        if (value is not { ValueKind: JsonValueKind.Array } array)
        {
            return [];
        }

        return array.EnumerateArray()
            .Select(m => m.ValueKind == JsonValueKind.String ? BatchMessage.FromText(m.GetString()!) : new BatchMessage(m.Str("type") ?? string.Empty, m.Str("text") ?? m.Str("content") ?? string.Empty))
            .ToList();
    }

    private static (string? Code, string? Message) ReadError(JsonElement? error, JsonElement body) => error switch
    {
        { ValueKind: JsonValueKind.String } text => (null, text.GetString()),
        { ValueKind: JsonValueKind.Object } e => (e.Str("name") ?? e.Str("code"), e.Str("message")),
        _ => (body.Str("code"), body.Str("message")),
    };
}
