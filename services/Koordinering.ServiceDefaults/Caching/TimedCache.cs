using System.Collections.Concurrent;

namespace Koordinering.ServiceDefaults.Caching;

/// <summary>
/// Answers of a national register kept in memory for a short while, by <see cref="TimeProvider"/>: personal
/// data, so never logged or persisted, and dropped when they go stale.
/// </summary>
public sealed class TimedCache<TValue>(TimeSpan keepFor, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (TValue Value, DateTimeOffset Until)> _kept = new(StringComparer.Ordinal);

    public bool TryGet(string key, out TValue value)
    {
        if (_kept.TryGetValue(key, out var kept) && time.GetUtcNow() < kept.Until)
        {
            value = kept.Value;
            return true;
        }
        value = default!;
        return false;
    }

    public void Keep(string key, TValue value)
    {
        var now = time.GetUtcNow();
        foreach (var stale in _kept.Where(k => k.Value.Until <= now).Select(k => k.Key).ToList())
        {
            _kept.TryRemove(stale, out _);
        }
        _kept[key] = (value, now + keepFor);
    }
}
