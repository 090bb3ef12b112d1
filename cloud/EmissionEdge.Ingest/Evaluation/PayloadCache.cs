using System.Collections.Concurrent;

namespace EmissionEdge.Ingest.Evaluation;

/// <summary>
/// Values parsed from stored JSON payloads, keyed by the exact payload text: re-deriving alerts reads the same stored
/// hours and alerts again and again, and a payload that changed is a different text, parsed anew. Bounded: emptied when
/// it reaches its capacity. Thread-safe; the values must be immutable.
/// </summary>
/// <typeparam name="T">The parsed value.</typeparam>
/// <param name="capacity">Most payloads kept.</param>
internal sealed class PayloadCache<T>(int capacity)
{
    private readonly ConcurrentDictionary<string, T> _values = new(StringComparer.Ordinal);
    private int _count; // ConcurrentDictionary.Count takes every lock: too dear to ask on each add

    /// <summary>The value of <paramref name="payload"/>, parsed by <paramref name="parse"/> unless already known.</summary>
    public T GetOrParse(string payload, Func<string, T> parse)
    {
        if (_values.TryGetValue(payload, out var value))
        {
            return value;
        }

        value = parse(payload);
        Remember(payload, value);
        return value;
    }

    /// <summary>Records the value a payload was made from (so reading it back costs no parse).</summary>
    public void Remember(string payload, T value)
    {
        if (Volatile.Read(ref _count) >= capacity)
        {
            _values.Clear();
            Interlocked.Exchange(ref _count, 0);
        }

        if (_values.TryAdd(payload, value))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
