using System.Collections.Concurrent;
using Release0.Core.Http;

namespace Release0.Core.Batches;

/// <summary>
/// A process's <see cref="PollHistory"/> backed by an optional <see cref="IPollHistoryStore"/>: an
/// agent's stored durations are read at its first use in this process (once, however many jobs ask
/// at the same time), and each completed duration goes to memory and to the store. The store only
/// makes polling cheaper, so its failures are warnings and the agent is polled on what memory holds.
/// </summary>
internal sealed class SharedPollHistory
{
    private readonly PollHistory _memory = new();
    private readonly IPollHistoryStore? _store;
    private readonly IRelease0Log _log;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _loads = new(StringComparer.Ordinal);

    // One write at a time from this process: its own writers would only race each other for the store's version.
    private readonly SemaphoreSlim _writing = new(1, 1);

    public SharedPollHistory(IPollHistoryStore? store, IRelease0Log log)
    {
        _store = store;
        _log = log;
    }

    /// <summary>The agent's durations, oldest first, after reading the store's at the agent's first use.</summary>
    public async Task<IReadOnlyList<TimeSpan>> DurationsOfAsync(string agent)
    {
        if (_store is not null)
        {
            await _loads.GetOrAdd(agent, a => new Lazy<Task>(() => LoadAsync(_store, a))).Value.ConfigureAwait(false);
        }

        return _memory.DurationsOf(agent);
    }

    /// <summary>Adds a completed job's duration to memory and to the store.</summary>
    public async Task RecordAsync(string agent, TimeSpan duration, CancellationToken cancellationToken)
    {
        await DurationsOfAsync(agent).ConfigureAwait(false);
        _memory.Record(agent, duration);
        if (_store is null)
        {
            return;
        }

        await _writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _store.RecordAsync(agent, duration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _log.Write(Release0LogLevel.Warning, $"poll history: {FirstLine(ex)}; the duration of {agent}'s job is kept in this process only");
        }
        finally
        {
            _writing.Release();
        }
    }

    private static string FirstLine(Exception ex)
    {
        var message = ex is PollHistoryStoreException ? ex.Message : $"the store failed ({ex.GetType().Name}: {ex.Message})";
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message.Substring(0, end);
    }

    // Not on a caller's token: the load is shared by every job of the agent, and the store has its own timeouts.
    private async Task LoadAsync(IPollHistoryStore store, string agent)
    {
        try
        {
            foreach (var duration in await store.LoadAsync(agent, CancellationToken.None).ConfigureAwait(false))
            {
                _memory.Record(agent, duration);
            }
        }
        catch (Exception ex)
        {
            _log.Write(Release0LogLevel.Warning, $"poll history: {FirstLine(ex)}; {agent}'s jobs are polled on what this process learns, from the default schedule");
        }
    }
}
