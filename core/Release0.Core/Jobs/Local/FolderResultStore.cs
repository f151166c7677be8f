using Release0.Core.Connection;
using Release0.Core.Files;

namespace Release0.Core.Jobs.Local;

/// <summary>
/// The result store as a folder. A document is written to a temporary file and put in place only if
/// no file has the name (<see cref="AtomicFile.TryCreate"/>), which makes the write create-once, atomic and never half-written.
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
    /// Refuses, before anything is created, a <paramref name="folder"/> that cannot hold results: a file,
    /// a folder that cannot be written, or a missing one whose nearest existing parent is a file or
    /// cannot be written (so it could not be created). A missing folder is created by the run itself.
    /// </summary>
    public static void CheckWritable(string folder, string option)
    {
        var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        full = full.Length == 0 ? Path.GetPathRoot(Path.GetFullPath(folder))! : full;
        if (File.Exists(full))
        {
            throw new Release0ConfigurationException(option, $"{option} {folder} is a file, not a folder: give a folder for the results (it is created when missing).");
        }

        if (Directory.Exists(full))
        {
            if (WriteProblem(full) is { } problem)
            {
                throw new Release0ConfigurationException(option, $"{option} {folder} is not a writable folder: {problem}.");
            }

            return;
        }

        var parent = Path.GetDirectoryName(full);
        while (parent is not null && !Directory.Exists(parent) && !File.Exists(parent))
        {
            parent = Path.GetDirectoryName(parent);
        }

        var reason = parent is null ? "no part of it exists"
            : File.Exists(parent) ? $"{parent} is a file"
            : WriteProblem(parent) is { } cannot ? $"{parent} is not writable: {cannot}"
            : null;
        if (reason is not null)
        {
            throw new Release0ConfigurationException(option, $"{option} {folder} cannot be created: {reason}.");
        }
    }

    /// <summary>Null when a file can be created in <paramref name="folder"/> (the probe is removed at once), else why not.</summary>
    private static string? WriteProblem(string folder)
    {
        var probe = Path.Combine(folder, $".release0-write-check-{Guid.NewGuid():N}.tmp");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                return null;
            }
        }
        catch (UnauthorizedAccessException)
        {
            return "permission denied";
        }
        catch (IOException ex)
        {
            return ex.Message.TrimEnd('.');
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
        return Task.FromResult(AtomicFile.TryCreate(target, content));
    }

    /// <summary>Swapped in whole, so a reader sees the old document or the new one, never half of either.</summary>
    public Task ReplaceAsync(string path, string content, CancellationToken cancellationToken)
    {
        AtomicFile.Write(Resolve(path), content);
        return Task.CompletedTask;
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
