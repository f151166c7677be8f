using System.Collections.Concurrent;

namespace Release0.Sandbox;

/// <summary>
/// A dictionary that keeps at most a fixed number of entries, forgetting the oldest first, so a
/// sandbox left running under load holds bounded memory. A forgotten session or job answers 404,
/// as an expired one does on the platform.
/// </summary>
internal sealed class BoundedStore<TValue>
{
    private readonly ConcurrentDictionary<string, TValue> _items = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly object _gate = new();
    private readonly int _capacity;

    public BoundedStore(int capacity)
    {
        _capacity = capacity;
    }

    public bool TryGet(string key, out TValue value) => _items.TryGetValue(key, out value!);

    public bool Contains(string key) => _items.ContainsKey(key);

    public void Set(string key, TValue value) => AddOrUpdate(key, value, _ => value);

    public TValue AddOrUpdate(string key, TValue added, Func<TValue, TValue> update)
    {
        lock (_gate)
        {
            if (_items.TryGetValue(key, out var old))
            {
                return _items[key] = update(old);
            }

            _items[key] = added;
            _order.Enqueue(key);
            while (_items.Count > _capacity && _order.TryDequeue(out var oldest))
            {
                _items.TryRemove(oldest, out _);
            }

            // Keys removed on purpose still sit in the queue; drop them once they outnumber the live ones.
            if (_order.Count > 2 * _capacity)
            {
                var live = _order.Where(_items.ContainsKey).ToList();
                _order.Clear();
                live.ForEach(_order.Enqueue);
            }

            return added;
        }
    }

    public void Remove(string key)
    {
        lock (_gate)
        {
            _items.TryRemove(key, out _);
        }
    }
}
