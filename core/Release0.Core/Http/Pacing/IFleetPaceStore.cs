using Release0.Core.Batches;

namespace Release0.Core.Http.Pacing;

/// <summary>
/// Where the instances of a fleet (scaled-out Functions instances on one token) share their pace: one
/// small document read on a short cadence and written only if unchanged since it was read (a blob and its
/// ETag), so N instances together keep under the platform's one limit. Failures throw; the connection
/// then paces on what it learned itself, since the shared pace only makes refusals rarer.
/// </summary>
public interface IFleetPaceStore
{
    /// <summary>What the store is, for messages (e.g. <c>the pace blob release0-results/pace.json</c>).</summary>
    string Name { get; }

    /// <summary>The stored document and its version; null when there is none.</summary>
    Task<VersionedText?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="text"/> if the stored version is still <paramref name="version"/> (null: only
    /// if nothing is stored); false when another instance changed it first.
    /// </summary>
    Task<bool> TryWriteAsync(string text, string? version, CancellationToken cancellationToken);
}
