namespace Release0.Core.Jobs;

/// <summary>Where scheduled job definitions live (a blob container in Azure, a folder locally).</summary>
public interface IJobDefinitionSource
{
    /// <summary>Every definition's name and text.</summary>
    Task<IReadOnlyList<KeyValuePair<string, string>>> ListAsync(CancellationToken cancellationToken);
}
