using System.Globalization;
using System.Text.RegularExpressions;
using Release0.Core.Connection;

namespace Release0.Cli;

/// <summary>Reads durations as people type them: <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>250ms</c>, <c>45</c> (seconds) or <c>00:05:00</c>.</summary>
internal static class DurationParser
{
    /// <summary>Timers cannot go much past 49 days; a week is more than any wait here needs.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(7);

    /// <summary>The shortest timeout the connection's retry pipeline honours; a shorter one would fail inside it.</summary>
    public static readonly TimeSpan Shortest = Release0ConnectionOptions.ShortestTimeout;

    private static readonly Regex Parts = new(@"^(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m(?!s))?(?:(?<s>\d+(?:\.\d+)?)s)?(?:(?<ms>\d+)ms)?\z", RegexOptions.Compiled | RegexOptions.IgnoreCase);

    public static TimeSpan Parse(string text, string option)
    {
        var value = text.Trim();
        double? seconds = null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain))
        {
            seconds = plain;
        }
        else if (value.Contains(':') && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span))
        {
            seconds = span.TotalSeconds;
        }
        else if (value.Length > 0 && Parts.Match(value) is { Success: true } match)
        {
            seconds = Number(match, "h") * 3600 + Number(match, "m") * 60 + Number(match, "s") + Number(match, "ms") / 1000;
        }

        if (seconds is not { } total)
        {
            throw new CliInputException($"{option} '{text}' is not a duration; use for example 90s, 5m, 1h30m, 250ms or 00:05:00.");
        }

        if (double.IsNaN(total) || total < Shortest.TotalSeconds || total > Longest.TotalSeconds)
        {
            throw new CliInputException($"{option} '{text}' is out of range; give a duration from 10ms to 7 days (168h).");
        }

        return TimeSpan.FromSeconds(total);
    }

    private static double Number(Match match, string group) =>
        match.Groups[group].Success ? double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
}
