using System;
using System.Buffers;
using System.IO;

namespace ContextCompany.Tool.Commands;

/// <summary>What <c>tcc doctor</c> looks at on disk: the runs file's line count and the storage directory's state.</summary>
internal static class DoctorProbes
{
    /// <summary>The lines of a file, a last one without a line break included (a streaming count: files can be large).</summary>
    public static long CountLines(string path)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            long lines = 0;
            byte last = (byte)'\n';
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                last = buffer[read - 1];
            }

            return last == (byte)'\n' ? lines : lines + 1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Whether the storage directory exists and can be written (or created), and what it holds.</summary>
    public static StorageState ProbeStorage(string path)
    {
        if (File.Exists(path))
        {
            return new StorageState(false, 0, 0, "is a file, not a directory");
        }

        if (!Directory.Exists(path))
        {
            // The SDK creates it: that works when the nearest folder that exists is a writable directory.
            string? ancestor = Path.GetDirectoryName(path);
            while (ancestor is not null && !Directory.Exists(ancestor))
            {
                if (File.Exists(ancestor))
                {
                    return new StorageState(false, 0, 0, $"cannot be created: {ancestor} is a file");
                }

                ancestor = Path.GetDirectoryName(ancestor);
            }

            return ancestor is not null && CanWrite(ancestor) is { } whyNot
                ? new StorageState(false, 0, 0, $"does not exist and cannot be created ({ancestor}: {whyNot})")
                : new StorageState(false, 0, 0, null);
        }

        if (CanWrite(path) is { } problem)
        {
            return new StorageState(true, 0, 0, "not writable: " + problem);
        }

        long files = 0, bytes = 0;
        foreach (FileInfo file in new DirectoryInfo(path).EnumerateFiles())
        {
            files++;
            bytes += file.Length;
        }

        return new StorageState(true, files, bytes, null);
    }

    /// <summary>Null when a file can be created in <paramref name="directory"/>, else why not. The probe file is removed at once.</summary>
    private static string? CanWrite(string directory)
    {
        string probe = Path.Combine(directory, ".tcc-doctor-" + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using FileStream stream = new(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            stream.WriteByte(0);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return exception.Message;
        }
    }

    /// <summary>The storage directory: whether it exists, its files and bytes, and the problem that would stop the SDK, if any.</summary>
    internal sealed record StorageState(bool Exists, long Files, long Bytes, string? Problem);
}
