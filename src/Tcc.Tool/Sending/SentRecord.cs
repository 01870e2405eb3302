using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ContextCompany.Tool.Sending;

/// <summary>
/// The record, beside a runs file (<c>runs.jsonl.sent</c>), of the items <c>tcc send</c> delivered: one key a
/// line (<see cref="SendItem.KeyOf"/>), appended as each item is delivered, so a send that is interrupted
/// does not send again what went out. Refused and failed items are not written: the next send tries them
/// again. Lines starting with <c>#</c> are comments. The record does not say where items went: delete it to
/// send the whole file again (to another service, say).
/// </summary>
internal sealed class SentRecord : IDisposable
{
    /// <summary>What the record's name adds to the runs file's.</summary>
    public const string Suffix = ".sent";

    private readonly HashSet<string> _keys;
    private readonly FileStream _stream;
    private readonly object _gate = new();

    private SentRecord(string path, HashSet<string> keys, FileStream stream)
    {
        Path = path;
        _keys = keys;
        _stream = stream;
    }

    public string Path { get; }

    /// <summary>How many items the record held when it was opened.</summary>
    public int InitialCount { get; private set; }

    /// <summary>Opens (or creates) the record of <paramref name="runsFile"/> for appending.</summary>
    /// <exception cref="ToolException">It cannot be read or written: nothing is sent then, since what went out could not be remembered.</exception>
    public static SentRecord Open(string runsFile)
    {
        string path = runsFile + Suffix;
        HashSet<string> keys = new(StringComparer.Ordinal);
        try
        {
            if (File.Exists(path))
            {
                foreach (string line in File.ReadLines(path, Encoding.UTF8))
                {
                    if (line.Length > 0 && line[0] != '#')
                    {
                        keys.Add(line);
                    }
                }
            }

            FileStream stream = new(path, FileMode.Append, FileAccess.Write, FileShare.Read);
            SentRecord record = new(path, keys, stream) { InitialCount = keys.Count };
            if (stream.Length == 0)
            {
                record.Append("# tcc send: the items of " + System.IO.Path.GetFileName(runsFile)
                    + " delivered to The Context Company (kind, id, content hash). Delete this file to send them all again.");
            }
            else if (EndsWithoutLineBreak(path))
            {
                record.Append(string.Empty); // a line cut short by an interrupted write stays alone on its line
            }

            return record;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolException($"cannot read or write {path}, the record of what was sent: {ex.Message}", ex);
        }
    }

    /// <summary>Whether an item with this key was delivered before.</summary>
    public bool Contains(string key)
    {
        lock (_gate)
        {
            return _keys.Contains(key);
        }
    }

    /// <summary>Records a delivered item, at once on disk (flushed to the operating system, so it survives the tool being killed).</summary>
    /// <exception cref="ToolException">The record cannot be written.</exception>
    public void Add(string key)
    {
        lock (_gate)
        {
            if (_keys.Add(key))
            {
                try
                {
                    Append(key);
                }
                catch (IOException ex)
                {
                    throw new ToolException($"cannot write {Path}, the record of what was sent: {ex.Message}", ex);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream.Dispose();
        }
    }

    private void Append(string line)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
        _stream.Write(bytes, 0, bytes.Length);
        _stream.Flush();
    }

    private static bool EndsWithoutLineBreak(string path)
    {
        using FileStream read = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (read.Length == 0)
        {
            return false;
        }

        read.Position = read.Length - 1;
        return read.ReadByte() != '\n';
    }
}
