using System.Collections.Concurrent;

namespace Release0.Sandbox;

/// <summary>One request the sandbox received, for tests that check what a client sent (and how often).</summary>
public sealed record ReceivedRequest(string Method, string Path, bool HadAuthorization, DateTimeOffset At);

/// <summary>The API requests received, in order: the most recent ones, up to a limit.</summary>
public sealed class RequestJournal
{
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly int _capacity;

    public RequestJournal(int capacity)
    {
        _capacity = capacity;
    }

    private readonly ConcurrentBag<(string Prefix, TaskCompletionSource<ReceivedRequest> Waiter)> _waiters = [];

    public IReadOnlyList<ReceivedRequest> All => _requests.ToArray();

    public int Count(string pathPrefix) => _requests.Count(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    /// <summary>Completes when a request whose path starts with the prefix arrives (or has arrived).</summary>
    public Task<ReceivedRequest> WhenReceived(string pathPrefix)
    {
        var waiter = new TaskCompletionSource<ReceivedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add((pathPrefix, waiter));
        if (_requests.FirstOrDefault(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal)) is { } earlier)
        {
            waiter.TrySetResult(earlier);
        }

        return waiter.Task;
    }

    internal void Add(ReceivedRequest request)
    {
        _requests.Enqueue(request);
        while (_requests.Count > _capacity && _requests.TryDequeue(out _))
        {
        }
        foreach (var (prefix, waiter) in _waiters)
        {
            if (request.Path.StartsWith(prefix, StringComparison.Ordinal))
            {
                waiter.TrySetResult(request);
            }
        }
    }
}
