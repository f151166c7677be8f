using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Release0.Core.Json;

namespace Release0.Core.Jobs.Messages;

/// <summary>Reads queue messages field by field, so a bad message is rejected with the field and the reason.</summary>
internal static class JobJson
{
    /// <summary>
    /// Ids become blob names: letters, digits, '.', '_' and '-', at most 128 characters. Anchored with \A and \z:
    /// '$' also matches before a final line feed, which let "job-1\n" through to name a file.
    /// </summary>
    private static readonly Regex SafeId = new(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z", RegexOptions.Compiled);

    public static JsonElement ParseObject(string text, string what)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new JobMessageException($"the {what} is not valid JSON {Where(ex)}");
        }

        return root.ValueKind == JsonValueKind.Object ? root : throw new JobMessageException($"the {what} must be a JSON object, not {root.ValueKind.ToString().ToLowerInvariant()}");
    }

    /// <summary>
    /// Where and why a text is not JSON, e.g. "at line 1, character 12: '}' is invalid after a property name".
    /// The parser's own position suffix is dropped: it counts from zero.
    /// </summary>
    public static string Where(JsonException error) =>
        error.LineNumber is { } line && error.BytePositionInLine is { } position
            ? $"at line {line + 1}, character {position + 1}: {Reason(error)}"
            : $"({Reason(error)})";

    /// <summary>The parser's reason without its zero-based position suffix.</summary>
    public static string Reason(JsonException error)
    {
        var reason = error.Message;
        var suffix = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (suffix >= 0 ? reason.Substring(0, suffix) : reason).TrimEnd();
    }

    /// <summary>True when an id can name a file or blob as it is.</summary>
    public static bool IsSafeId(string? value) => value is not null && SafeId.IsMatch(value);

    public static string Id(JsonElement root, string name)
    {
        var value = Required(root, name, null);
        return IsSafeId(value)
            ? value
            : throw new JobMessageException($"{name} '{value}' may hold only letters, digits, '.', '_' and '-' (at most 128, starting with a letter or digit)");
    }

    public static string Required(JsonElement root, string name, string? id) =>
        root.Prop(name) switch
        {
            { ValueKind: JsonValueKind.String } s when !string.IsNullOrWhiteSpace(s.GetString()) => s.GetString()!,
            null => throw new JobMessageException($"{name} is required", id),
            { ValueKind: JsonValueKind.String } => throw new JobMessageException($"{name} must not be empty", id),
            var other => throw new JobMessageException($"{name} must be a string, not {other.Value.ValueKind.ToString().ToLowerInvariant()}", id),
        };

    public static string? Optional(JsonElement root, string name, string? id) =>
        root.Prop(name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } s => string.IsNullOrWhiteSpace(s.GetString()) ? null : s.GetString(),
            var other => throw new JobMessageException($"{name} must be a string, not {other.Value.ValueKind.ToString().ToLowerInvariant()}", id),
        };

    public static DateTimeOffset? Time(JsonElement root, string name, string? id) =>
        root.Prop(name) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } s when DateTimeOffset.TryParse(s.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) => time,
            _ => throw new JobMessageException($"{name} must be an ISO 8601 date and time, e.g. 2026-11-21T03:00:00Z", id),
        };

    public static bool Flag(JsonElement root, string name, string? id) =>
        root.Prop(name) switch
        {
            null => false,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            var other => throw new JobMessageException($"{name} must be true or false, not {other.Value.ValueKind.ToString().ToLowerInvariant()}", id),
        };

    public static int Int(JsonElement root, string name, string? id, int minimum) =>
        root.Prop(name) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var value) && value >= minimum
            ? value
            : throw new JobMessageException($"{name} must be a whole number of at least {minimum}", id);

    /// <summary>The claim attempt a throttled delivery handed back (<c>releasedAttempt</c>, written by the workflow); 0 when absent.</summary>
    public static int ReleasedAttempt(JsonElement root, string? id) =>
        root.Prop("releasedAttempt") is null ? 0 : Int(root, "releasedAttempt", id, 1);

    public static IReadOnlyList<string> Strings(JsonElement root, string name, string? id, bool required)
    {
        if (root.Prop(name) is not { } value)
        {
            return required ? throw new JobMessageException($"{name} is required", id) : [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            throw new JobMessageException($"{name} must be an array of strings", id);
        }

        return value.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>Variable values may be any JSON; strings stay as they are, the rest keep their JSON spelling.</summary>
    public static IDictionary<string, string?> Variables(JsonElement root, string name, string? id)
    {
        if (root.Prop(name) is not { } value)
        {
            return new Dictionary<string, string?>();
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new JobMessageException($"{name} must be an object of variable names to values", id);
        }

        return value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString(),
            JsonValueKind.Null => null,
            _ => p.Value.GetRawText(),
        });
    }
}
