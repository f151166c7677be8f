namespace Release0.Core.Jobs.Local;

/// <summary>Scheduled job definitions as <c>*.json</c> files in a folder.</summary>
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
            ? Directory.GetFiles(_folder, "*.json").OrderBy(f => f, StringComparer.Ordinal).Select(f => new KeyValuePair<string, string>(Path.GetFileNameWithoutExtension(f), File.ReadAllText(f))).ToList()
            : [];
        return Task.FromResult(definitions);
    }
}
