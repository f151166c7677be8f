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

    public int Reads { get; private set; }

    public int Writes { get; private set; }

    public Task<bool> TryCreateAsync(string path, string content, CancellationToken cancellationToken)
    {
        Writes++;
        return Task.FromResult(_documents.TryAdd(path, content));
    }

    public Task ReplaceAsync(string path, string content, CancellationToken cancellationToken)
    {
        Writes++;
        _documents[path] = content;
        return Task.CompletedTask;
    }

    public Task<string?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult(_documents.TryGetValue(path, out var content) ? content : null);
    }
}
