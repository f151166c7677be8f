using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Release0.Functions.HostTests;

/// <summary>One entry of the host's console log: <c>info: Category[id]</c> and the indented lines under it.</summary>
public sealed record HostLogEntry(string Level, string Category, string Message)
{
    public override string ToString() => $"{Level}: {Category}: {Message}";
}

/// <summary>
/// One host's console output as it arrives, split into entries, and copied line by line to a file that
/// ./test.sh shows when a test fails.
/// </summary>
public sealed partial class HostLog : IDisposable
{
    private readonly ConcurrentQueue<HostLogEntry> _entries = new();
    private readonly StreamWriter? _file;
    private readonly object _gate = new();
    private (string Level, string Category, List<string> Lines)? _open;

    public HostLog(string? path)
    {
        // Shared for appending: every host a test starts copies its lines into the one file ./test.sh shows.
        _file = path is null ? null : new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    /// <summary>Entries completed so far (an entry completes when the next one starts).</summary>
    public IReadOnlyList<HostLogEntry> Entries => _entries.ToArray();

    /// <summary>
    /// Where the log is now; <see cref="Since"/> gives the entries that started after it (an entry still
    /// being written belongs before the mark, though it completes after).
    /// </summary>
    public int Mark()
    {
        lock (_gate)
        {
            return _entries.Count + (_open is null ? 0 : 1);
        }
    }

    public IReadOnlyList<HostLogEntry> Since(int mark) => _entries.Skip(mark).ToArray();

    /// <summary>
    /// The entries so far with the one still being written (its later lines may yet arrive): what a host that
    /// has gone quiet said last, such as a second instance's "Job host started" with nothing after it.
    /// </summary>
    public IReadOnlyList<HostLogEntry> SoFar()
    {
        lock (_gate)
        {
            return _open is { } open ? [.. _entries, Entry(open)] : _entries.ToArray();
        }
    }

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _file?.WriteLine(line);
            var header = Header().Match(line);
            if (header.Success)
            {
                Complete();
                _open = (header.Groups["level"].Value, header.Groups["category"].Value, [header.Groups["rest"].Value.Trim()]);
            }
            else if (_open is { } open)
            {
                open.Lines.Add(line.Trim());
            }
            else
            {
                // Anything before the first entry (the host prints little there) still counts.
                _entries.Enqueue(new HostLogEntry("none", "console", line.Trim()));
            }
        }
    }

    /// <summary>The last entry has no successor: completes it once the host's output has ended.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            Complete();
        }
    }

    public void Dispose()
    {
        Flush();
        _file?.Dispose();
    }

    private void Complete()
    {
        if (_open is { } open)
        {
            _entries.Enqueue(Entry(open));
            _open = null;
        }
    }

    private static HostLogEntry Entry((string Level, string Category, List<string> Lines) open) =>
        new(open.Level, open.Category, string.Join('\n', open.Lines.Where(l => l.Length > 0)));

    [GeneratedRegex(@"^(?<level>trce|dbug|info|warn|fail|crit): (?<category>[^\[\s]+)\[\d+\](?<rest>.*)$")]
    private static partial Regex Header();
}
