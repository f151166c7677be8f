using System.Globalization;
using System.Text.RegularExpressions;

namespace Release0.Cli;

/// <summary>Reads durations as people type them: <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>250ms</c>, <c>45</c> (seconds) or <c>00:05:00</c>.</summary>
internal static class DurationParser
{
    private static readonly Regex Parts = new(@"^(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m(?!s))?(?:(?<s>\d+(?:\.\d+)?)s)?(?:(?<ms>\d+)ms)?$", RegexOptions.Compiled | RegexOptions.IgnoreCase);

    public static TimeSpan Parse(string text, string option)
    {
        var value = text.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (value.Contains(':') && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        var match = Parts.Match(value);
        if (value.Length > 0 && match.Success)
        {
            var total = Number(match, "h") * 3600 + Number(match, "m") * 60 + Number(match, "s") + Number(match, "ms") / 1000;
            if (total > 0)
            {
                return TimeSpan.FromSeconds(total);
            }
        }

        throw new CliInputException($"{option} '{text}' is not a duration; use for example 90s, 5m, 1h30m, 250ms or 00:05:00.");
    }

    private static double Number(Match match, string group) =>
        match.Groups[group].Success ? double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
}
