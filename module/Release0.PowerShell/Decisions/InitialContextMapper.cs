using System.Collections;
using System.Globalization;

namespace Release0.PowerShell.Decisions;

/// <summary>Turns a hashtable of variables into the platform's name -> text map.</summary>
internal static class InitialContextMapper
{
    public static Dictionary<string, string?>? Map(IDictionary? variables)
    {
        if (variables is null || variables.Count == 0)
        {
            return null;
        }

        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in variables)
        {
            map[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = Text(entry.Value);
        }

        return map;
    }

    // Numbers and dates in invariant form, so a script behaves the same on every machine's culture.
    private static string? Text(object? value) => value switch
    {
        null => null,
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Text)),
        _ => value.ToString(),
    };
}
