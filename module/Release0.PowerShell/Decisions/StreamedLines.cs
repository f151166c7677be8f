using System.Text;

namespace Release0.PowerShell.Decisions;

/// <summary>
/// Turns a streamed reply's chunks into whole lines as soon as each line ends, so a reply piped into
/// Out-File or Set-Content is written as the text it is, not one chunk per line.
/// </summary>
internal sealed class StreamedLines
{
    private readonly StringBuilder _pending = new();

    /// <summary>The lines this chunk completes (without their line breaks).</summary>
    public IReadOnlyList<string> Add(string chunk)
    {
        _pending.Append(chunk);
        var text = _pending.ToString();
        var end = text.LastIndexOf('\n');
        if (end < 0)
        {
            return [];
        }

        _pending.Clear().Append(text, end + 1, text.Length - end - 1);
        return text.Substring(0, end).Split('\n').Select(line => line.TrimEnd('\r')).ToList();
    }

    /// <summary>The last line, when the reply did not end with a line break.</summary>
    public string? Finish() => _pending.Length == 0 ? null : _pending.ToString();
}
