using Release0.Core.Batches;
using Release0.Core.Http.Pacing;

namespace Release0.Bench.Functions;

/// <summary>
/// The Functions app's pace blob in memory, shared by a fleet's instances: one document, a version bumped
/// by every write, the If-Match condition, and a blob's round trip (<see cref="RoundTrip"/>) on each read
/// and write, which are counted as blob operations.
/// </summary>
internal sealed class CountingPaceStore : IFleetPaceStore
{
    /// <summary>About what one small blob read or write takes from a Functions instance in the same region.</summary>
    private static readonly TimeSpan RoundTrip = TimeSpan.FromMilliseconds(10);

    private readonly object _gate = new();
    private VersionedText? _stored;
    private int _version;
    private int _reads;
    private int _writes;

    public string Name => "the bench's pace blob";

    public int Reads => _reads;

    public int Writes => _writes;

    /// <summary>The document as stored now (empty before the first write).</summary>
    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _stored?.Text ?? string.Empty;
            }
        }
    }

    public async Task<VersionedText?> ReadAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        await Task.Delay(RoundTrip, cancellationToken);
        lock (_gate)
        {
            return _stored;
        }
    }

    public async Task<bool> TryWriteAsync(string text, string? version, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        await Task.Delay(RoundTrip, cancellationToken);
        lock (_gate)
        {
            if (_stored?.Version != version)
            {
                return false;
            }

            _stored = new VersionedText(text, (++_version).ToString(System.Globalization.CultureInfo.InvariantCulture));
            return true;
        }
    }
}
