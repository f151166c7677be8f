namespace Release0.HelpGen;

/// <summary>
/// The hand-written part of one cmdlet's help, from <c>help/Verb-Noun.md</c> (platyPS's layout):
/// <c>## SYNOPSIS</c>, <c>## DESCRIPTION</c>, <c>## PARAMETERS</c> with <c>### -Name</c>,
/// <c>## EXAMPLES</c> with <c>### title</c> and a fenced code block, optional <c>## NOTES</c>, and
/// <c>## RELATED LINKS</c> as a list.
/// </summary>
internal sealed class HelpSource
{
    private HelpSource(string path) => Path = path;

    public string Path { get; }

    public IReadOnlyList<string> Synopsis { get; private set; } = [];

    public IReadOnlyList<string> Description { get; private set; } = [];

    public IReadOnlyList<string> Notes { get; private set; } = [];

    public Dictionary<string, IReadOnlyList<string>> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<HelpExample> Examples { get; } = [];

    public List<string> RelatedLinks { get; } = [];

    public static HelpSource Parse(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: every exported cmdlet needs a help source file", path);
        }

        var source = new HelpSource(path);
        foreach (var (section, body) in Split(File.ReadAllLines(path), "## "))
        {
            switch (section.ToUpperInvariant())
            {
                case "SYNOPSIS":
                    source.Synopsis = Paragraphs(body);
                    break;
                case "DESCRIPTION":
                    source.Description = Paragraphs(body);
                    break;
                case "NOTES":
                    source.Notes = Paragraphs(body);
                    break;
                case "PARAMETERS":
                    foreach (var (name, text) in Split(body, "### "))
                    {
                        source.Parameters[name.TrimStart('-')] = Paragraphs(text);
                    }

                    break;
                case "EXAMPLES":
                    source.Examples.AddRange(Split(body, "### ").Select(e => HelpExample.Parse(e.Heading, e.Body, path)));
                    break;
                case "RELATED LINKS":
                    source.RelatedLinks.AddRange(body.Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..].Trim()));
                    break;
                default:
                    throw new FormatException($"{path}: unknown section '## {section}'");
            }
        }

        return source;
    }

    /// <summary>What is missing or stale next to the cmdlet's metadata.</summary>
    public IEnumerable<string> Check(CmdletInfo cmdlet)
    {
        if (Synopsis.Count == 0)
        {
            yield return $"{Path}: no SYNOPSIS";
        }

        if (Examples.Count == 0)
        {
            yield return $"{Path}: no example";
        }

        foreach (var parameter in cmdlet.Parameters.Where(p => !Parameters.ContainsKey(p.Name)))
        {
            yield return $"{Path}: parameter -{parameter.Name} has no description (add '### -{parameter.Name}' under PARAMETERS)";
        }

        foreach (var name in Parameters.Keys.Where(n => cmdlet.Parameters.All(p => !p.Name.Equals(n, StringComparison.OrdinalIgnoreCase))))
        {
            yield return $"{Path}: describes -{name}, which {cmdlet.Name} does not have";
        }
    }

    private static List<(string Heading, List<string> Body)> Split(IEnumerable<string> lines, string marker)
    {
        var sections = new List<(string Heading, List<string> Body)>();
        var inCode = false;
        foreach (var line in lines)
        {
            inCode ^= line.TrimStart().StartsWith("```", StringComparison.Ordinal);
            if (!inCode && line.StartsWith(marker, StringComparison.Ordinal))
            {
                sections.Add((line[marker.Length..].Trim(), []));
            }
            else if (sections.Count > 0)
            {
                sections[^1].Body.Add(line);
            }
        }

        return sections;
    }

    /// <summary>Paragraphs separated by blank lines, each joined into one line.</summary>
    internal static IReadOnlyList<string> Paragraphs(IEnumerable<string> lines)
    {
        var paragraphs = new List<string>();
        var current = new List<string>();
        foreach (var line in lines.Append(string.Empty))
        {
            if (line.Trim().Length > 0)
            {
                current.Add(line.Trim());
            }
            else if (current.Count > 0)
            {
                paragraphs.Add(string.Join(" ", current));
                current.Clear();
            }
        }

        return paragraphs;
    }
}

/// <summary>One example: a title, the code (from the fenced block) and the remarks after it.</summary>
internal sealed record HelpExample(string Title, string Code, IReadOnlyList<string> Remarks)
{
    public static HelpExample Parse(string title, IReadOnlyList<string> body, string path)
    {
        var start = body.ToList().FindIndex(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
        var end = start < 0 ? -1 : body.ToList().FindIndex(start + 1, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
        if (end < 0)
        {
            throw new FormatException($"{path}: example '{title}' has no fenced code block");
        }

        var code = string.Join("\n", body.Skip(start + 1).Take(end - start - 1));
        return new HelpExample(title, code, HelpSource.Paragraphs(body.Skip(end + 1)));
    }
}
