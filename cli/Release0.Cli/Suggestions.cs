using System.CommandLine;

namespace Release0.Cli;

/// <summary>"Did you mean ...?" for a mistyped command or option: the closest names the command knows.</summary>
internal static class Suggestions
{
    public static IReadOnlyList<string> For(string typed, Command command)
    {
        var names = command.Subcommands.Select(c => c.Name)
            .Concat(command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)))
            .Distinct(StringComparer.Ordinal);
        var word = typed.TrimStart('-');
        return names
            .Select(name => (name, distance: Distance(word, name.TrimStart('-'))))
            .Where(c => c.distance <= Math.Max(1, c.name.TrimStart('-').Length / 3) || c.name.TrimStart('-').StartsWith(word, StringComparison.OrdinalIgnoreCase) && word.Length >= 2)
            .OrderBy(c => c.distance)
            .Select(c => c.name)
            .Take(3)
            .ToList();
    }

    /// <summary>Edit distance counting a swap of two neighbours as one edit ("chta" is one from "chat"), case-insensitive.</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
