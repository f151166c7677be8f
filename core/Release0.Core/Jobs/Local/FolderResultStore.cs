using System.Text;
using Release0.Core.Connection;

namespace Release0.Core.Jobs.Local;

/// <summary>
/// The result store as a folder. A document is written to a temporary file and moved into place;
/// the move fails if the file exists, which makes the write create-once and never half-written.
/// </summary>
public sealed class FolderResultStore : IResultStore
{
    private readonly string _root;

    public FolderResultStore(string root)
    {
        // "results/" and "results" are the same folder; without trimming, every path would look outside it.
        var full = Path.GetFullPath(root);
        _root = full.Length > Path.GetPathRoot(full)!.Length ? full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) : full;
    }

    /// <summary>
    /// Makes sure <paramref name="folder"/> can hold results before any work starts: it is created when
    /// missing, and a file, an uncreatable or an unwritable folder is refused naming what is wrong.
    /// </summary>
    public static void EnsureWritable(string folder, string option)
    {
        var full = Path.GetFullPath(folder);
        if (File.Exists(full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)))
        {
            throw new Release0ConfigurationException(option, $"{option} {folder} is a file, not a folder: give a folder for the results (it is created when missing).");
        }

        var probe = Path.Combine(full, $".release0-write-check-{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(full);
            File.WriteAllText(probe, string.Empty);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new Release0ConfigurationException(option, $"{option} {folder} is not a writable folder: {ex.Message}");
        }
    }

    public Task<bool> TryCreateAsync(string path, string content, CancellationToken cancellationToken)
    {
        var target = Resolve(path);
        if (File.Exists(target))
        {
            return Task.FromResult(false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, content, new UTF8Encoding(false));
        try
        {
            File.Move(temporary, target);
            return Task.FromResult(true);
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(temporary);
            return Task.FromResult(false);
        }
    }

    public Task<string?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var target = Resolve(path);
        return Task.FromResult(File.Exists(target) ? File.ReadAllText(target) : null);
    }

    private string Resolve(string path)
    {
        var full = Path.GetFullPath(Path.Combine(_root, path));
        var prefix = _root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? _root : _root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is outside the results folder.", nameof(path));
        }

        return full;
    }
}
