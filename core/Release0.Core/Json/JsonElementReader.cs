using System.Globalization;
using System.Text.Json;

namespace Release0.Core.Json;

/// <summary>
/// Tolerant reads from untyped JSON: a missing property, an explicit null or a value of an
/// unexpected kind all read as "absent" instead of throwing, because the platform adds and
/// reshapes fields without notice.
/// </summary>
internal static class JsonElementReader
{
    public static JsonElement? Prop(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static JsonElement? Prop(this JsonElement? element, string name) => element is { } e ? e.Prop(name) : null;

    public static string? Str(this JsonElement element, string name) => AsString(element.Prop(name));

    public static string? Str(this JsonElement? element, string name) => AsString(element.Prop(name));

    public static bool? Bool(this JsonElement element, string name) => element.Prop(name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    public static bool? Bool(this JsonElement? element, string name) => element is { } e ? e.Bool(name) : null;

    public static double? Num(this JsonElement element, string name) => element.Prop(name) switch
    {
        { ValueKind: JsonValueKind.Number } n => n.GetDouble(),
        { ValueKind: JsonValueKind.String } s when double.TryParse(s.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public static double? Num(this JsonElement? element, string name) => element is { } e ? e.Num(name) : null;

    public static IEnumerable<JsonElement> Items(this JsonElement? element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) => ((JsonElement?)element).Items(name);

    /// <summary>
    /// Each item of an array property read by <paramref name="read"/> into a list sized up front; the
    /// same as <c>Items(name).Select(read).ToList()</c> without an enumerator and iterator boxed on every response.
    /// </summary>
    public static List<T> ReadItems<T>(this JsonElement element, string name, Func<JsonElement, T> read)
    {
        if (element.Prop(name) is not { ValueKind: JsonValueKind.Array } array)
        {
            return [];
        }

        var items = new List<T>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            items.Add(read(item));
        }

        return items;
    }

    public static IReadOnlyList<string> Strings(this JsonElement? element, string name) =>
        element.Items(name).Select(item => AsString(item)).OfType<string>().ToList();

    /// <summary>Strings as-is; numbers and booleans in their JSON spelling (heights may be either).</summary>
    public static string? AsString(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => null,
    };
}
