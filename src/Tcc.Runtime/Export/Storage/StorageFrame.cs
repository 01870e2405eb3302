using System;
using System.Collections.Generic;
using System.IO;

namespace ContextCompany.Export.Storage;

/// <summary>
/// One stored payload, framed so that a torn or corrupt record is recognized:
/// <c>"TCC1"</c>, payload length (uint32 LE), CRC-32 of the payload (uint32 LE), item count (uint16 LE),
/// kind (byte), a reserved byte, then the payload (the request body, exactly as it would be sent).
/// </summary>
internal static class StorageFrame
{
    public const int HeaderLength = 16;

    // Larger than any payload the pipeline writes; a bigger length can only be corruption.
    private const int MaxPayloadLength = 256 * 1024 * 1024;

    private static readonly byte[] Magic = { (byte)'T', (byte)'C', (byte)'C', (byte)'1' };
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Appends one framed record to <paramref name="output"/>.</summary>
    public static void Write(MemoryStream output, ArraySegment<byte> payload, ExportKind kind, int itemCount)
    {
        byte[] header = new byte[HeaderLength];
        Buffer.BlockCopy(Magic, 0, header, 0, 4);
        WriteUInt32(header, 4, (uint)payload.Count);
        WriteUInt32(header, 8, Crc32(payload));
        header[12] = (byte)itemCount;
        header[13] = (byte)(itemCount >> 8);
        header[14] = (byte)kind;
        output.Write(header, 0, header.Length);
        output.Write(payload.Array!, payload.Offset, payload.Count);
    }

    /// <summary>
    /// Reads the records of a file's bytes. A record whose checksum fails is skipped; a header that is not
    /// a header, or a length past the end (a write cut short by a kill), ends the reading: the rest is the
    /// torn tail. <paramref name="corrupt"/> counts both.
    /// </summary>
    public static List<StoredRecord> Read(byte[] data, out int corrupt)
    {
        List<StoredRecord> records = new();
        corrupt = 0;
        int offset = 0;
        while (offset < data.Length)
        {
            if (data.Length - offset < HeaderLength || !HasMagic(data, offset))
            {
                corrupt++;
                break;
            }

            uint length = ReadUInt32(data, offset + 4);
            if (length > MaxPayloadLength || length > (uint)(data.Length - offset - HeaderLength))
            {
                corrupt++;
                break;
            }

            ArraySegment<byte> payload = new(data, offset + HeaderLength, (int)length);
            if (Crc32(payload) == ReadUInt32(data, offset + 8))
            {
                int count = data[offset + 12] | (data[offset + 13] << 8);
                records.Add(new StoredRecord(payload, (ExportKind)data[offset + 14], Math.Max(1, count)));
            }
            else
            {
                corrupt++;
            }

            offset += HeaderLength + (int)length;
        }

        return records;
    }

    private static bool HasMagic(byte[] data, int offset) =>
        data[offset] == Magic[0] && data[offset + 1] == Magic[1] && data[offset + 2] == Magic[2] && data[offset + 3] == Magic[3];

    private static void WriteUInt32(byte[] buffer, int offset, uint value)
    {
        buffer[offset] = (byte)value;
        buffer[offset + 1] = (byte)(value >> 8);
        buffer[offset + 2] = (byte)(value >> 16);
        buffer[offset + 3] = (byte)(value >> 24);
    }

    private static uint ReadUInt32(byte[] buffer, int offset) =>
        (uint)(buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16) | (buffer[offset + 3] << 24));

    /// <summary>CRC-32 (IEEE 802.3, as zip and PNG use), table-driven.</summary>
    private static uint Crc32(ArraySegment<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        byte[] array = data.Array!;
        for (int i = data.Offset, end = data.Offset + data.Count; i < end; i++)
        {
            crc = CrcTable[(crc ^ array[i]) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildCrcTable()
    {
        uint[] table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}

/// <summary>A payload read back from storage, with what it carries.</summary>
internal readonly record struct StoredRecord(ArraySegment<byte> Payload, ExportKind Kind, int ItemCount);
