using System;
using System.Security.Cryptography;

namespace ContextCompany.Model;

/// <summary>
/// New ids: lowercase UUID version 4 (RFC 9562), from a cryptographic random source.
/// <c>Guid.NewGuid()</c> asks the operating system for 16 bytes on every call, which costs about half a
/// microsecond on Linux, more than the rest of a tracked call; here each thread draws random bytes in
/// blocks and cuts ids from them.
/// </summary>
internal static class RunIds
{
    private const int IdsPerBlock = 256;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_next;

    [ThreadStatic]
    private static RandomNumberGenerator? t_random;

    /// <summary>A new id as 16 bytes, formatted only when its text is needed.</summary>
    public static Uuid NewUuid()
    {
        byte[] block = t_block ??= new byte[16 * IdsPerBlock];
        if (t_next == 0)
        {
            (t_random ??= RandomNumberGenerator.Create()).GetBytes(block);
        }

        int offset = t_next * 16;
        t_next = (t_next + 1) % IdsPerBlock;
        return new Uuid(ReadBigEndian(block, offset), ReadBigEndian(block, offset + 8));
    }

    private static ulong ReadBigEndian(byte[] bytes, int offset)
    {
        ulong value = 0;
        for (int i = 0; i < 8; i++)
        {
            value = (value << 8) | bytes[offset + i];
        }

        return value;
    }
}

/// <summary>
/// A UUID version 4 held as its 16 bytes (two big-endian halves). A run keeps its generated id this way
/// and formats it when something asks for the text: the payload writer writes the UTF-8 form straight
/// into the JSON, so a run that nobody reads the id of never allocates the 36-character string.
/// </summary>
internal readonly struct Uuid : IEquatable<Uuid>
{
    /// <summary>Characters in the text form.</summary>
    public const int Length = 36;

    private const ulong VersionMask = 0xFFFF_FFFF_FFFF_0FFFUL;
    private const ulong Version4 = 0x0000_0000_0000_4000UL;
    private const ulong VariantMask = 0x3FFF_FFFF_FFFF_FFFFUL;
    private const ulong VariantRfc = 0x8000_0000_0000_0000UL;

    private readonly ulong _high;
    private readonly ulong _low;

    /// <summary>Stamps the version (4) and variant (RFC) bits on 128 random bits.</summary>
    public Uuid(ulong randomHigh, ulong randomLow)
    {
        _high = (randomHigh & VersionMask) | Version4;
        _low = (randomLow & VariantMask) | VariantRfc;
    }

    /// <summary>False for <c>default</c>: every version 4 UUID has its version bits set.</summary>
    public bool HasValue => _high != 0;

    /// <summary>Writes the 36 lowercase ASCII characters (xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx).</summary>
    public void FormatUtf8(Span<byte> destination)
    {
        int position = 0;
        for (int nibble = 0; nibble < 32; nibble++)
        {
            if (nibble is 8 or 12 or 16 or 20)
            {
                destination[position++] = (byte)'-';
            }

            ulong half = nibble < 16 ? _high : _low;
            int digit = (int)(half >> (60 - (4 * (nibble & 15)))) & 0xF;
            destination[position++] = (byte)(digit < 10 ? '0' + digit : 'a' + digit - 10);
        }
    }

    public override string ToString()
    {
#if NET
        return string.Create(Length, this, static (text, id) => id.Format(text));
#else
        char[] text = new char[Length];
        Format(text);
        return new string(text);
#endif
    }

    private void Format(Span<char> text)
    {
        Span<byte> ascii = stackalloc byte[Length];
        FormatUtf8(ascii);
        for (int i = 0; i < Length; i++)
        {
            text[i] = (char)ascii[i];
        }
    }

    public bool Equals(Uuid other) => _high == other._high && _low == other._low;

    public override bool Equals(object? obj) => obj is Uuid other && Equals(other);

    public override int GetHashCode() => (_high ^ _low).GetHashCode();
}
