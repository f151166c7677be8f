using Release0.Core.Batches;

namespace Release0.Bench.Functions;

/// <summary>
/// The Functions app's history blob in memory: one document, a version bumped by every write, and
/// the If-Match condition; reads and writes counted as blob operations.
/// </summary>
internal sealed class CountingPollHistoryStore : ConditionalPollHistoryStore
{
    private VersionedText? _stored;
    private int _version;

    public int Reads { get; private set; }

    public int Writes { get; private set; }

    public override string Name => "the bench's history blob";

    /// <summary>Starts the counts again (after seeding the history).</summary>
    public void ResetCounts() => (Reads, Writes) = (0, 0);

    protected override Task<VersionedText?> ReadAsync(CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(_stored);
    }

    protected override Task<bool> TryWriteAsync(string text, string? version, CancellationToken cancellationToken)
    {
        Writes++;
        if (_stored?.Version != version)
        {
            return Task.FromResult(false);
        }

        _stored = new VersionedText(text, (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Task.FromResult(true);
    }
}
