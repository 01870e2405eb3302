using System;
using System.Security.Cryptography;

namespace ContextCompany.Model;

/// <summary>
/// New ids: lowercase UUID version 4 strings (RFC 9562), from a cryptographic random source.
/// <c>Guid.NewGuid()</c> asks the operating system for 16 bytes on every call, which costs about half a
/// microsecond on Linux, more than the rest of a tracked call; here each thread draws random bytes in
/// blocks and cuts ids from them.
/// </summary>
internal static class RunIds
{
    private const int IdsPerBlock = 64;
    private const string Hex = "0123456789abcdef";

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_next;

    [ThreadStatic]
    private static RandomNumberGenerator? t_random;

    public static string NewId()
    {
        byte[] block = t_block ??= new byte[16 * IdsPerBlock];
        if (t_next == 0)
        {
            (t_random ??= RandomNumberGenerator.Create()).GetBytes(block);
        }

        int offset = t_next * 16;
        t_next = (t_next + 1) % IdsPerBlock;
        block[offset + 6] = (byte)((block[offset + 6] & 0x0F) | 0x40); // version 4
        block[offset + 8] = (byte)((block[offset + 8] & 0x3F) | 0x80); // RFC variant
#if NET
        return string.Create(36, (block, offset), static (text, state) => Format(state.block.AsSpan(state.offset, 16), text));
#else
        char[] text = new char[36];
        Format(block.AsSpan(offset, 16), text);
        return new string(text);
#endif
    }

    /// <summary>xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx, bytes in order.</summary>
    private static void Format(ReadOnlySpan<byte> bytes, Span<char> text)
    {
        int position = 0;
        for (int i = 0; i < 16; i++)
        {
            if (i is 4 or 6 or 8 or 10)
            {
                text[position++] = '-';
            }

            text[position++] = Hex[bytes[i] >> 4];
            text[position++] = Hex[bytes[i] & 0xF];
        }
    }
}
