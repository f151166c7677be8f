using System.Text;

namespace Release0.Cli;

/// <summary>
/// Reads a file named on the command line, or refuses in one line naming it and the actual reason
/// (it does not exist, is a directory, may not be read, is too large, has a line too long or one
/// that is not UTF-8), before a command creates or sends anything.
/// </summary>
internal static class InputFiles
{
    /// <summary>
    /// The most a jobs or messages file may hold: thousands of jobs, or a batch split with
    /// --batch-size, and still a small part of memory while it is held.
    /// </summary>
    public const long MaxBytes = 64_000_000;

    private const int ChunkBytes = 64 * 1024;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The file's lines, read as a stream: its size is checked before reading where it has one, and
    /// counted while reading where it has none (a pipe, <c>/dev/zero</c>), so memory stays within the limits.
    /// </summary>
    /// <param name="label">How the user named it: <c>jobs file</c>, <c>--messages-file</c>.</param>
    /// <param name="hint">What to give instead.</param>
    public static IReadOnlyList<string> ReadLines(FileInfo file, string label, string hint, long maxBytes, int maxLineBytes)
    {
        var path = file.FullName;
        if (Directory.Exists(path))
        {
            throw Refused(label, path, "is a directory", hint);
        }

        if (!File.Exists(path))
        {
            throw Refused(label, path, "does not exist", hint);
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (stream.CanSeek && stream.Length > maxBytes)
            {
                throw TooLarge(label, path, maxBytes);
            }

            return Split(stream, label, path, maxBytes, maxLineBytes);
        }
        catch (UnauthorizedAccessException)
        {
            throw Refused(label, path, "cannot be read: permission denied", "give a file you may read");
        }
        catch (IOException ex)
        {
            throw Refused(label, path, $"cannot be read: {ex.Message.TrimEnd('.')}", hint);
        }
    }

    private static List<string> Split(Stream stream, string label, string path, long maxBytes, int maxLineBytes)
    {
        var lines = new List<string>();
        var line = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        long total = 0;
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw TooLarge(label, path, maxBytes);
            }

            var start = 0;
            for (var at = 0; at < read; at++)
            {
                if (chunk[at] == (byte)'\n')
                {
                    line.Write(chunk, start, at - start);
                    lines.Add(Decode(line, lines.Count + 1, label, path));
                    line.SetLength(0);
                    start = at + 1;
                }
                else if (line.Length + at - start >= maxLineBytes)
                {
                    throw Refused(label, path, $"line {lines.Count + 1} is longer than {maxLineBytes / 1_000_000.0:0.#} MB", "split it, or check that this is the file you meant");
                }
            }

            line.Write(chunk, start, read - start);
        }

        if (line.Length > 0)
        {
            lines.Add(Decode(line, lines.Count + 1, label, path));
        }

        return lines;
    }

    /// <summary>One line as text, without its carriage return or a leading byte order mark; invalid UTF-8 is refused with the line's number.</summary>
    private static string Decode(MemoryStream line, int number, string label, string path)
    {
        var bytes = line.GetBuffer();
        var start = number == 1 && line.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        var end = (int)line.Length;
        if (end > start && bytes[end - 1] == (byte)'\r')
        {
            end--;
        }

        try
        {
            return StrictUtf8.GetString(bytes, start, end - start);
        }
        catch (DecoderFallbackException)
        {
            throw Refused(label, path, $"line {number} is not valid UTF-8", "save the file as UTF-8 and try again; nothing was sent");
        }
    }

    private static CliInputException TooLarge(string label, string path, long maxBytes) =>
        Refused(label, path, $"is larger than {maxBytes / 1_000_000.0:0.#} MB", "split it into smaller files");

    private static CliInputException Refused(string label, string path, string reason, string hint) => new($"{label} {path} {reason}; {hint}.");
}
