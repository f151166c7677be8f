using System.Globalization;
using Release0.Core.Connection;

namespace Release0.Functions.Hosting;

/// <summary>
/// Checks a timer schedule the way Azure Functions reads it: NCRONTAB with six fields, seconds first
/// (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>). Each field is <c>*</c>, a value, a
/// range <c>a-b</c>, a step <c>*/n</c> or <c>a-b/n</c>, or a comma list of those; months and days may
/// be named (<c>JAN</c>, <c>MON</c>). A bad schedule stops the app at startup with this message,
/// rather than as a host indexing error later.
/// </summary>
public static class NcrontabSchedule
{
    private static readonly (string Name, int Min, int Max, string[]? Names)[] Fields =
    [
        ("second", 0, 59, null),
        ("minute", 0, 59, null),
        ("hour", 0, 23, null),
        ("day", 1, 31, null),
        ("month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
        ("day-of-week", 0, 6, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
    ];

    /// <summary>Throws <see cref="Release0ConfigurationException"/> naming the setting, the field and the fix.</summary>
    public static void Validate(string? expression, string setting)
    {
        const string Example = "e.g. '0 */5 * * * *' for every five minutes";
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new Release0ConfigurationException(setting, $"{setting} is not set: give the timer's NCRONTAB schedule, six fields with seconds first ({Example}).");
        }

        var fields = expression!.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 5)
        {
            throw new Release0ConfigurationException(setting, $"{setting} '{expression}' has 5 fields; Azure Functions needs 6, seconds first: '0 {string.Join(" ", fields)}'.");
        }

        if (fields.Length != 6)
        {
            throw new Release0ConfigurationException(setting, $"{setting} '{expression}' has {fields.Length} fields; an NCRONTAB schedule has 6, seconds first ({Example}).");
        }

        for (var i = 0; i < fields.Length; i++)
        {
            if (Problem(fields[i], Fields[i].Min, Fields[i].Max, Fields[i].Names) is { } problem)
            {
                throw new Release0ConfigurationException(setting, $"{setting} '{expression}': the {Fields[i].Name} field '{fields[i]}' {problem} ({Example}).");
            }
        }
    }

    private static string? Problem(string field, int min, int max, string[]? names)
    {
        foreach (var part in field.Split(','))
        {
            var slash = part.IndexOf('/');
            var range = slash >= 0 ? part.Substring(0, slash) : part;
            if (slash >= 0 && !(int.TryParse(part.Substring(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var step) && step >= 1))
            {
                return "has a step that is not a whole number of at least 1";
            }

            if (range == "*")
            {
                continue;
            }

            var dash = range.IndexOf('-');
            var bounds = dash >= 0 ? new[] { range.Substring(0, dash), range.Substring(dash + 1) } : [range];
            var values = bounds.Select(b => Value(b, names)).ToList();
            if (values.Any(v => v is null || v < min || v > max))
            {
                return $"must hold values from {min} to {max}{(names is null ? string.Empty : $" or names ({names[0]}-{names[names.Length - 1]})")}, as *, a value, a range a-b, a step */n, or a list a,b";
            }

            if (values.Count == 2 && values[0] > values[1])
            {
                return "has a range that runs backwards";
            }
        }

        return null;
    }

    private static int? Value(string text, string[]? names)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        var index = names is null ? -1 : Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : index + (names!.Length == 12 ? 1 : 0);
    }
}
