using System;
using System.Buffers;

namespace ContextCompany.Export;

/// <summary>A growable byte buffer that a delivery worker reuses for every payload it writes.</summary>
internal sealed class ByteBuffer : IBufferWriter<byte>
{
    // A buffer grown by one huge payload is given back afterwards rather than kept for the process's life.
    private const int RetainedCapacity = 1024 * 1024;
    private const int InitialCapacity = 4096;

    private byte[] _buffer = new byte[InitialCapacity];
    private int _count;

    public int Count => _count;

    public ArraySegment<byte> WrittenSegment => new(_buffer, 0, _count);

    public void Clear()
    {
        if (_buffer.Length > RetainedCapacity)
        {
            _buffer = new byte[InitialCapacity];
        }

        _count = 0;
    }

    public void Advance(int count)
    {
        if (count < 0 || _count + count > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _count += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_count);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_count);
    }

    private void Ensure(int sizeHint)
    {
        int needed = _count + Math.Max(sizeHint, 1);
        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }
    }
}
