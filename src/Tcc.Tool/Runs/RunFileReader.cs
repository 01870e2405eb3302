using System;
using System.Buffers;
using System.IO;

namespace ContextCompany.Tool.Runs;

/// <summary>Receives one line of a runs file: its bytes without the line break, and its number counted from 1.</summary>
internal delegate void LineHandler(ReadOnlySpan<byte> line, int lineNumber);

/// <summary>
/// Streams the lines of a JSON-lines file without loading it whole: a pooled buffer as long as the longest
/// line. It starts at a remembered position and says where it stopped, so a file that grows (the SDK appends
/// while an app runs) is read again from there.
/// </summary>
internal sealed class RunFileReader
{
    private const int InitialBufferSize = 64 * 1024;

    /// <summary>Where the next read starts: the byte after the last whole line read.</summary>
    public long Position { get; private set; }

    /// <summary>The number the next line gets.</summary>
    public int NextLineNumber { get; private set; } = 1;

    /// <summary>
    /// Reads the lines from <see cref="Position"/> to the end of the file. Empty lines are counted and skipped; a
    /// trailing carriage return and a byte-order mark at the start are dropped.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="onLine">Called for each line, in order.</param>
    /// <param name="includeUnterminatedLine">
    /// Whether a last line with no line break is read (a file written by hand), or left for the next read (a
    /// writer may be in the middle of it: the live viewer).
    /// </param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public void ReadToEnd(string path, LineHandler onLine, bool includeUnterminatedLine = true)
    {
        using FileStream stream = new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite | FileShare.Delete, // the SDK keeps the file open to append
            BufferSize = 0, // this class buffers
            Options = FileOptions.SequentialScan,
        });
        if (stream.Length < Position)
        {
            // The file was truncated or replaced: start over.
            Position = 0;
            NextLineNumber = 1;
        }

        stream.Position = Position;
        ReadLines(stream, onLine, includeUnterminatedLine);
    }

    private void ReadLines(Stream stream, LineHandler onLine, bool includeUnterminatedLine)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            int filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // A line longer than the buffer: grow it.
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = stream.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    if (filled > 0 && includeUnterminatedLine)
                    {
                        Deliver(buffer.AsSpan(0, filled), onLine);
                        Position += filled;
                    }

                    return;
                }

                filled += read;
                int consumed = 0;
                while (true)
                {
                    int end = buffer.AsSpan(consumed, filled - consumed).IndexOf((byte)'\n');
                    if (end < 0)
                    {
                        break;
                    }

                    Deliver(buffer.AsSpan(consumed, end), onLine);
                    consumed += end + 1;
                    Position += end + 1;
                }

                // Keep the start of the unfinished line for the next read.
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Deliver(ReadOnlySpan<byte> line, LineHandler onLine)
    {
        int number = NextLineNumber++;
        if (number == 1 && line.StartsWith(ByteOrderMark))
        {
            line = line[ByteOrderMark.Length..];
        }

        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (!line.IsEmpty && !line.Trim((byte)' ').IsEmpty)
        {
            onLine(line, number);
        }
    }

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];
}
