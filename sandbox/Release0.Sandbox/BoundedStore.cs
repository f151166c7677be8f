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
    private readonly ConcurrentQueue<string> _order = new();
    private readonly int _capacity;

    public BoundedStore(int capacity)
    {
        _capacity = capacity;
    }

    public int Count => _items.Count;

    public bool TryGet(string key, out TValue value) => _items.TryGetValue(key, out value!);

    public bool Contains(string key) => _items.ContainsKey(key);

    public void Set(string key, TValue value)
    {
        if (_items.TryAdd(key, value))
        {
            _order.Enqueue(key);
            Trim();
        }
        else
        {
            _items[key] = value;
        }
    }

    public TValue AddOrUpdate(string key, TValue added, Func<TValue, TValue> update)
    {
        var isNew = !_items.ContainsKey(key);
        var result = _items.AddOrUpdate(key, added, (_, old) => update(old));
        if (isNew)
        {
            _order.Enqueue(key);
            Trim();
        }

        return result;
    }

    public void Remove(string key) => _items.TryRemove(key, out _);

    private void Trim()
    {
        // Keys already removed still sit in the queue; the queue is bounded by trimming past them too.
        while ((_items.Count > _capacity || _order.Count > 2 * _capacity) && _order.TryDequeue(out var oldest))
        {
            if (_items.Count > _capacity)
            {
                _items.TryRemove(oldest, out _);
            }
        }
    }
}
