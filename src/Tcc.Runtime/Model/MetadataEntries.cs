using System;
using System.Collections.Generic;

namespace ContextCompany.Model;

/// <summary>
/// A run's metadata: pairs in the order their keys were first set, a later value replacing an earlier
/// one. Runs carry a handful of keys, so a small array searched in order costs less, in time and
/// memory, than a dictionary (one array instead of a dictionary and its two arrays).
/// </summary>
internal struct MetadataEntries
{
    private KeyValuePair<string, string>[]? _items;
    private int _count;

    public readonly int Count => _count;

    public readonly ReadOnlySpan<KeyValuePair<string, string>> Items => _items.AsSpan(0, _count);

    public void Set(string key, string value)
    {
        for (int i = 0; i < _count; i++)
        {
            if (string.Equals(_items![i].Key, key, StringComparison.Ordinal))
            {
                _items[i] = new KeyValuePair<string, string>(key, value);
                return;
            }
        }

        if (_items is null)
        {
            _items = new KeyValuePair<string, string>[2];
        }
        else if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count * 2);
        }

        _items[_count++] = new KeyValuePair<string, string>(key, value);
    }

    /// <summary>Sets every pair, or none when one is bad: all are checked before the first is set.</summary>
    public void SetAll(KeyValuePair<string, string>[] pairs, string paramName)
    {
        foreach (KeyValuePair<string, string> pair in pairs)
        {
            RecordGuard.CheckMetadataPair(pair.Key, pair.Value, paramName);
        }

        foreach (KeyValuePair<string, string> pair in pairs)
        {
            Set(pair.Key, pair.Value);
        }
    }

    /// <inheritdoc cref="SetAll(KeyValuePair{string, string}[], string)"/>
    public void SetAll((string Key, string Value)[] pairs, string paramName)
    {
        foreach ((string key, string value) in pairs)
        {
            RecordGuard.CheckMetadataPair(key, value, paramName);
        }

        foreach ((string key, string value) in pairs)
        {
            Set(key, value);
        }
    }

    public static bool Contains(ReadOnlySpan<KeyValuePair<string, string>> items, string key) => Find(items, key) is not null;

    /// <summary>The value of <paramref name="key"/>, or null when it is not set.</summary>
    public static string? Find(ReadOnlySpan<KeyValuePair<string, string>> items, string key)
    {
        foreach (KeyValuePair<string, string> item in items)
        {
            if (string.Equals(item.Key, key, StringComparison.Ordinal))
            {
                return item.Value;
            }
        }

        return null;
    }
}
