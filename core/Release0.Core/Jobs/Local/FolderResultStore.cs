using System.Text;

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
        _root = Path.GetFullPath(root);
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
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{path}' is outside the results folder.", nameof(path));
        }

        return full;
    }
}
