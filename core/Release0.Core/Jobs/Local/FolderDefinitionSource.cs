namespace Release0.Core.Jobs.Local;

/// <summary>Scheduled job definitions as <c>*.json</c> files in a folder and its subfolders.</summary>
public sealed class FolderDefinitionSource : IJobDefinitionSource
{
    private readonly string _folder;

    public FolderDefinitionSource(string folder)
    {
        _folder = folder;
    }

    public Task<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<KeyValuePair<string, string>> definitions = Directory.Exists(_folder)
            ? Directory.GetFiles(_folder, "*.json", SearchOption.AllDirectories)
                .Select(f => new KeyValuePair<string, string>(DefinitionFiles.NameOf(RelativePath(f)), DefinitionFiles.Decode(File.ReadAllBytes(f))))
                .OrderBy(d => d.Key, StringComparer.Ordinal)
                .ToList()
            : [];
        return Task.FromResult(definitions);
    }

    /// <summary>GetFiles returns paths that start with the folder exactly as it was given.</summary>
    private string RelativePath(string file) =>
        file.Substring(_folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Length + 1);
}
