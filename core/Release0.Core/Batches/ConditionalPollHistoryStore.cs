namespace Release0.Core.Batches;

/// <summary>
/// A poll history kept as one document in a store with conditional writes (a blob and its ETag): a
/// record reads the document and its version, adds the duration, and writes back only if the version
/// is unchanged, reading again when another writer got there first. Concurrent writers thus merge
/// instead of overwriting each other. Subclasses only read and write the document.
/// </summary>
public abstract class ConditionalPollHistoryStore : IPollHistoryStore
{
    /// <summary>Each lost race means another writer's record went in, so a few rounds are enough.</summary>
    public const int MaxAttempts = 8;

    /// <summary>What the store is, for messages (e.g. <c>the poll history blob release0-results/poll-history.json</c>).</summary>
    public abstract string Name { get; }

    public async Task<IReadOnlyList<TimeSpan>> LoadAsync(string agent, CancellationToken cancellationToken) =>
        await ReadAsync(cancellationToken).ConfigureAwait(false) is { } stored
            ? PollHistoryJson.Read(stored.Text, Name).DurationsOf(agent)
            : [];

    public async Task RecordAsync(string agent, TimeSpan duration, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var stored = await ReadAsync(cancellationToken).ConfigureAwait(false);
            var text = PollHistoryJson.WithRecorded(stored?.Text, agent, duration);
            if (await TryWriteAsync(text, stored?.Version, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw new PollHistoryStoreException($"{Name} was changed by other writers {MaxAttempts} times in a row while a duration of {agent} was added; that duration is not kept");
    }

    /// <summary>The stored document and its version; null when there is none.</summary>
    protected abstract Task<VersionedText?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="text"/> if the stored version is still <paramref name="version"/> (null:
    /// only if nothing is stored); false when another writer changed it first.
    /// </summary>
    protected abstract Task<bool> TryWriteAsync(string text, string? version, CancellationToken cancellationToken);
}
