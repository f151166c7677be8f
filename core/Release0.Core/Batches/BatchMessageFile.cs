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

        return ParseLines(ReadLines(content), source);
    }

    /// <summary>The same, from a file already read line by line: JSON Lines are parsed without joining them first.</summary>
    public static IReadOnlyList<BatchMessage> Parse(IReadOnlyList<string> lines, string source)
    {
        var first = lines.FirstOrDefault(l => l.Trim().Length > 0);
        return first is null || first.TrimStart()[0] == '[' ? Parse(string.Join("\n", lines), source) : ParseLines(lines, source);
    }

    private static IEnumerable<string> ReadLines(string content)
    {
        using var reader = new StringReader(content);
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            yield return line;
        }
    }

    private static List<BatchMessage> ParseLines(IEnumerable<string> lines, string source)
    {
        var messages = new List<BatchMessage>();
        var i = -1;
        foreach (var raw in lines)
        {
            i++;
            var line = raw.Trim();
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

    /// <summary>A string, or an object with a string <c>text</c> and optionally a string <c>type</c>; nothing is coerced.</summary>
    private static BatchMessage ToMessage(JsonElement item, string source, string? where, int? line = null)
    {
        var what = where ?? "the message";
        if (item.ValueKind == JsonValueKind.String)
        {
            return string.IsNullOrWhiteSpace(item.GetString())
                ? throw Fail(source, line, $"{what} is an empty string")
                : new BatchMessage(string.Empty, item.GetString()!);
        }

        if (item.ValueKind != JsonValueKind.Object)
        {
            throw Fail(source, line, $"{what} is {Kind(item)}; expected a string or an object with \"text\"");
        }

        foreach (var property in item.EnumerateObject())
        {
            if (property.Name is not ("type" or "text"))
            {
                throw Fail(source, line, $"{what} has an unknown field \"{property.Name}\"; a message has only \"type\" and \"text\"");
            }

            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw Fail(source, line, $"{what}: \"{property.Name}\" is {Kind(property.Value)}; it must be a string (\"type\": \"\" is plain text)");
            }
        }

        var text = item.Str("text");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Fail(source, line, $"{what} has no text");
        }

        return new BatchMessage(item.Str("type") ?? string.Empty, text!);
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static Release0ConfigurationException Fail(string source, int? line, string reason) =>
        new("messages", $"{source}{(line is { } n ? $" line {n}" : string.Empty)}: {reason}.");
}
