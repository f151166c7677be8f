using System.Text;

namespace Release0.Core.Jobs;

/// <summary>How a stored job definition (a file, a blob) becomes a name and a text, wherever it is kept.</summary>
public static class DefinitionFiles
{
    /// <summary>Definitions are the <c>*.json</c> files, in any folder.</summary>
    public static bool IsDefinition(string relativePath) => relativePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The definition's name: its path without <c>.json</c>, with '/' between folders, so
    /// <c>team-a/nightly.json</c> and <c>nightly.json</c> stay two definitions.
    /// </summary>
    public static string NameOf(string relativePath)
    {
        var name = relativePath.Replace('\\', '/').TrimStart('/');
        return IsDefinition(name) ? name.Substring(0, name.Length - ".json".Length) : name;
    }

    /// <summary>
    /// The text of a definition: UTF-8 with or without a byte order mark (Windows PowerShell 5.1's
    /// <c>-Encoding UTF8</c> writes one), or UTF-16 with its mark (what its <c>Out-File</c> writes).
    /// </summary>
    public static string Decode(byte[] content)
    {
        bool StartsWith(params byte[] mark) => content.Length >= mark.Length && mark.Select((b, i) => content[i] == b).All(same => same);
        var (encoding, skip) =
            StartsWith(0xEF, 0xBB, 0xBF) ? (Encoding.UTF8, 3)
            : StartsWith(0xFF, 0xFE) ? (Encoding.Unicode, 2)
            : StartsWith(0xFE, 0xFF) ? (Encoding.BigEndianUnicode, 2)
            : (Encoding.UTF8, 0);
        return encoding.GetString(content, skip, content.Length - skip);
    }
}
