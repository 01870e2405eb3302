using System;
using System.Buffers;

namespace ContextCompany.Export;

/// <summary>
/// Writes a .NET string as a JSON string literal in compact UTF-8: only what JSON requires is escaped
/// (quotes, backslashes, control characters), so non-ASCII text such as "15°C" or emoji costs no more
/// than its UTF-8 bytes. A lone surrogate (a string cut in the middle of a character) has no UTF-8 form;
/// it is written as U+FFFD. Its <c>\uD800</c> escape would be valid JSON grammar, but strict parsers
/// (System.Text.Json, serde_json) refuse it and the whole run would be rejected by the service.
/// </summary>
internal static class JsonStringEscaper
{
    private static readonly byte[] Hex = "0123456789abcdef"u8.ToArray();

    // Escaping works through the string in chunks so that a 10 MB prompt needs no 60 MB buffer.
    private const int ChunkChars = 4096;

    /// <summary>Writes <c>"value"</c>, escaped, into <paramref name="output"/>.</summary>
    public static void Write(string value, IBufferWriter<byte> output)
    {
        WriteByte(output, (byte)'"');
        int start = 0;
        while (start < value.Length)
        {
            int end = Math.Min(start + ChunkChars, value.Length);
            if (end < value.Length && char.IsHighSurrogate(value[end - 1]))
            {
                end--; // keep a surrogate pair in one chunk
            }

            ReadOnlySpan<char> chunk = value.AsSpan(start, end - start);
            Span<byte> span = output.GetSpan(chunk.Length * 6);
            output.Advance(WriteChunk(chunk, span));
            start = end;
        }

        WriteByte(output, (byte)'"');
    }

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private static int WriteChunk(ReadOnlySpan<char> value, Span<byte> destination)
    {
        int n = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c < 0x80)
            {
                if (c >= 0x20 && c != '"' && c != '\\')
                {
                    destination[n++] = (byte)c;
                    continue;
                }

                destination[n++] = (byte)'\\';
                switch (c)
                {
                    case '"': destination[n++] = (byte)'"'; break;
                    case '\\': destination[n++] = (byte)'\\'; break;
                    case '\n': destination[n++] = (byte)'n'; break;
                    case '\r': destination[n++] = (byte)'r'; break;
                    case '\t': destination[n++] = (byte)'t'; break;
                    case '\b': destination[n++] = (byte)'b'; break;
                    case '\f': destination[n++] = (byte)'f'; break;
                    default: n = WriteUnicodeEscape(c, destination, n - 1); break;
                }

                continue;
            }

            if (c < 0x800)
            {
                destination[n++] = (byte)(0xC0 | (c >> 6));
                destination[n++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                int codePoint = char.ConvertToUtf32(c, value[++i]);
                destination[n++] = (byte)(0xF0 | (codePoint >> 18));
                destination[n++] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                destination[n++] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                destination[n++] = (byte)(0x80 | (codePoint & 0x3F));
            }
            else if (char.IsSurrogate(c))
            {
                destination[n++] = 0xEF; // U+FFFD REPLACEMENT CHARACTER
                destination[n++] = 0xBF;
                destination[n++] = 0xBD;
            }
            else
            {
                destination[n++] = (byte)(0xE0 | (c >> 12));
                destination[n++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                destination[n++] = (byte)(0x80 | (c & 0x3F));
            }
        }

        return n;
    }

    private static int WriteUnicodeEscape(char c, Span<byte> destination, int n)
    {
        destination[n++] = (byte)'\\';
        destination[n++] = (byte)'u';
        destination[n++] = Hex[(c >> 12) & 0xF];
        destination[n++] = Hex[(c >> 8) & 0xF];
        destination[n++] = Hex[(c >> 4) & 0xF];
        destination[n++] = Hex[c & 0xF];
        return n;
    }
}
