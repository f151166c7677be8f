namespace Release0.Cli;

/// <summary>
/// Reads a file named on the command line, or refuses in one line naming it and the actual reason
/// (it does not exist, is a directory, may not be read), before a command creates or sends anything.
/// </summary>
internal static class InputFiles
{
    /// <param name="label">How the user named it: <c>jobs file</c>, <c>--messages-file</c>.</param>
    /// <param name="hint">What to give instead.</param>
    public static T Read<T>(FileInfo file, string label, string hint, Func<string, T> read)
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
            return read(path);
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

    private static CliInputException Refused(string label, string path, string reason, string hint) => new($"{label} {path} {reason}; {hint}.");
}
