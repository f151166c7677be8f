using System.Collections.Concurrent;
using Release0.Core.Jobs;

namespace Release0.Bench.Functions;

/// <summary>
/// The result-store port in memory, create-once like a blob written with <c>If-None-Match: *</c>,
/// counting reads and writes (blob operations).
/// </summary>
internal sealed class CountingResultStore : IResultStore
{
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);

    // Counted with Interlocked: a fleet's workers share one store.
    private int _reads;
    private int _writes;

    public int Reads => _reads;

    public int Writes => _writes;

    public Task<bool> TryCreateAsync(string path, string content, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        return Task.FromResult(_documents.TryAdd(path, content));
    }

    public Task ReplaceAsync(string path, string content, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _writes);
        _documents[path] = content;
        return Task.CompletedTask;
    }

    public Task<string?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(_documents.TryGetValue(path, out var content) ? content : null);
    }
}
