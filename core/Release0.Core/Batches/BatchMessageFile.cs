using System.Text.Json;
using Release0.Core.Connection;
using Release0.Core.Json;

namespace Release0.Core.Batches;

/// <summary>
/// Reads messages for a batch from text: a JSON array of strings or of <c>{type, text}</c>, or JSON
/// Lines with one string or object per line. A malformed input is rejected whole, naming the line
/// and the reason, so nothing is sent from half a file.
/// </summary>
public static class BatchMessageFile
{
    public static IReadOnlyList<BatchMessage> Parse(string content, string source)
    {
        var trimmed = content.TrimStart();
        if (trimmed.Length == 0)
        {
            throw Fail(source, null, "the file is empty; give a JSON array of messages or one message per line");
        }

        if (trimmed[0] == '[')
        {
            JsonElement array;
            try
            {
                using var document = JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                array = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw Fail(source, (int?)(ex.LineNumber + 1), $"not valid JSON ({ex.Message})");
            }

            return array.EnumerateArray().Select((item, i) => ToMessage(item, source, $"item {i + 1}")).ToList();
        }

        var messages = new List<BatchMessage>();
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                messages.Add(ToMessage(document.RootElement, source, null, i + 1));
            }
            catch (JsonException ex)
            {
                throw Fail(source, i + 1, $"not valid JSON ({ex.Message}); each line must be a JSON string or an object like {{\"type\":\"\",\"text\":\"Hi\"}}");
            }
        }

        return messages;
    }

    private static BatchMessage ToMessage(JsonElement item, string source, string? where, int? line = null)
    {
        var text = item.ValueKind == JsonValueKind.String ? item.GetString() : item.Str("text");
        if (item.ValueKind is not (JsonValueKind.String or JsonValueKind.Object))
        {
            throw Fail(source, line, $"{where ?? "the message"} is {item.ValueKind.ToString().ToLowerInvariant()}; expected a string or an object with \"text\"");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw Fail(source, line, $"{where ?? "the message"} has no text");
        }

        return new BatchMessage(item.ValueKind == JsonValueKind.Object ? item.Str("type") ?? string.Empty : string.Empty, text!);
    }

    private static Release0ConfigurationException Fail(string source, int? line, string reason) =>
        new("messages", $"{source}{(line is { } n ? $" line {n}" : string.Empty)}: {reason}.");
}
