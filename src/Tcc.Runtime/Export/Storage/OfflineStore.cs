using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using ContextCompany.Diagnostics;

namespace ContextCompany.Export.Storage;

/// <summary>
/// Ended items kept on disk until they are finally delivered or refused (<see cref="TccOptions.StorageDirectory"/>).
/// </summary>
/// <remarks>
/// <para>Layout: one directory of segment files, each a sequence of framed records (<see cref="StorageFrame"/>).
/// A file's name says who may send it:</para>
/// <list type="bullet">
/// <item><c>{ticks}-{guid}.{owner}.claimed</c>: the process <c>owner</c> (process id and start time) sends its
/// records. A process writes its own items straight into such a file, one write and flush per group.</item>
/// <item><c>{ticks}-{guid}.pending</c>: waiting for anyone (records that ran out of retries are moved here).</item>
/// </list>
/// <para>Claiming is one rename to the claimer's own <c>.claimed</c> name: the file system lets exactly one of
/// several processes rename a file, so two processes never send the same file at the same time. A
/// <c>.claimed</c> file may be taken over when its owner is no longer running (killed, crashed) or has not
/// renewed it (its write time) for the lease time. A segment is deleted once each of its records has been
/// delivered (2xx) or refused (a 4xx that is not retried); a process killed between a 2xx and that deletion
/// sends those records again (at least once: runs are identified by their ids).</para>
/// <para>Nothing here throws: a failing directory turns storage off for the process (reported once), and
/// delivery goes on from memory.</para>
/// </remarks>
internal sealed class OfflineStore
{
    private const string Pending = ".pending";
    private const string Claimed = ".claimed";

    // A pid reused within this time of the first start is taken for the same process: its segments then wait
    // for the lease to lapse instead of being taken over at once, which is the safe side.
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(1);

    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly TimeSpan _leaseTimeout;
    private readonly TccDiagnostics _diagnostics;
    private readonly string _owner;
    private readonly List<Segment> _owned = new();
    private long _storedBytes;
    private long _storedItems;
    private long _corrupt;
    private int _failed;

    public OfflineStore(string directory, long maxBytes, TimeSpan leaseTimeout, TccDiagnostics diagnostics)
    {
        _directory = Path.GetFullPath(directory);
        _maxBytes = maxBytes;
        _leaseTimeout = leaseTimeout;
        _diagnostics = diagnostics;
        using Process self = Process.GetCurrentProcess();
        _owner = OwnerId(self.Id, self.StartTime);
        Try("open", () =>
        {
            Directory.CreateDirectory(_directory);
            foreach (string file in Directory.EnumerateFiles(_directory))
            {
                _storedBytes += new FileInfo(file).Length;
            }
        });
        TccMetrics.Observe(this);
    }

    /// <summary>False once the directory failed: items are then delivered from memory only.</summary>
    public bool Available => Volatile.Read(ref _failed) == 0;

    public string FullPath => _directory;

    public long StoredBytes => Interlocked.Read(ref _storedBytes);

    public long StoredItems => Interlocked.Read(ref _storedItems);

    /// <summary>Records skipped because they were torn or corrupt.</summary>
    public long CorruptRecords => Interlocked.Read(ref _corrupt);

    /// <summary>
    /// Writes <paramref name="framed"/> (<paramref name="records"/> framed records, <paramref name="items"/>
    /// items) as a new segment owned by this process, in one write and flush. Null when storage is off or
    /// full (the caller delivers from memory, or drops).
    /// </summary>
    public Segment? Append(MemoryStream framed, int records, int items, out bool full)
    {
        full = false;
        if (!Available)
        {
            return null;
        }

        if (Interlocked.Add(ref _storedBytes, framed.Length) > _maxBytes)
        {
            Interlocked.Add(ref _storedBytes, -framed.Length);
            full = true;
            return null;
        }

        string path = Path.Combine(_directory, NewName() + "." + _owner + Claimed);
        bool written = Try("write", () =>
        {
            using FileStream file = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 1);
            framed.Position = 0;
            framed.CopyTo(file);
            file.Flush();
        });
        if (!written)
        {
            Interlocked.Add(ref _storedBytes, -framed.Length);
            return null;
        }

        Interlocked.Add(ref _storedItems, items);
        Segment segment = new(this, path, framed.Length, records, items);
        lock (_owned)
        {
            _owned.Add(segment);
        }

        return segment;
    }

    /// <summary>
    /// Claims one segment that nobody is sending (pending, or left by a process that is gone or let its
    /// lease lapse) and reads its records. Null when there is none.
    /// </summary>
    public (Segment Segment, List<StoredRecord> Records)? ClaimNext()
    {
        if (!Available)
        {
            return null;
        }

        try
        {
            foreach (string file in Directory.EnumerateFiles(_directory))
            {
                string name = Path.GetFileName(file);
                if (!IsClaimable(file, name))
                {
                    continue;
                }

                string claimed = Path.Combine(_directory, name.Substring(0, name.IndexOf('.')) + "." + _owner + Claimed);
                try
                {
                    // overwrite: true is a plain rename(2), atomic: of several claimers exactly one succeeds and the
                    // others find the file gone. Without it .NET on Unix links then unlinks, and two claimers can both
                    // succeed. The target name is this process's own, so nothing is overwritten. (The netstandard2.0
                    // build has no such overload; on .NET Framework the move is Windows' atomic MoveFile.)
#if NETSTANDARD2_0
                    File.Move(file, claimed);
#else
                    File.Move(file, claimed, overwrite: true);
#endif
                }
                catch (IOException)
                {
                    continue; // another process claimed it first, or it was deleted
                }

                byte[] data = File.ReadAllBytes(claimed);
                List<StoredRecord> records = StorageFrame.Read(data, out int corrupt);
                if (corrupt > 0)
                {
                    Interlocked.Add(ref _corrupt, corrupt);
                    _diagnostics.WarningOnce("storage-corrupt", $"[TCC] Skipped {corrupt} torn or corrupt record(s) in {claimed}; the other records are delivered.");
                }

                int items = 0;
                foreach (StoredRecord record in records)
                {
                    items += record.ItemCount;
                }

                Interlocked.Add(ref _storedItems, items);
                Segment segment = new(this, claimed, data.Length, records.Count, items);
                lock (_owned)
                {
                    _owned.Add(segment);
                }

                if (records.Count == 0)
                {
                    segment.Complete(0);
                    continue;
                }

                return (segment, records);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _diagnostics.WarningOnce("storage-read", $"[TCC] Cannot read the storage directory {_directory}: {ex.Message}");
        }

        return null;
    }

    /// <summary>Keeps a record that ran out of retries for later: a new pending segment, which any process may claim.</summary>
    public void Park(ArraySegment<byte> payload, ExportKind kind, int items)
    {
        using MemoryStream framed = new();
        StorageFrame.Write(framed, payload, kind, items);
        string temporary = Path.Combine(_directory, NewName() + ".tmp");
        if (Try("write", () =>
        {
            File.WriteAllBytes(temporary, framed.ToArray());
            File.Move(temporary, Path.ChangeExtension(temporary, Pending));
        }))
        {
            Interlocked.Add(ref _storedBytes, framed.Length);
        }
    }

    /// <summary>Renews the lease of every segment this process is sending (its write time).</summary>
    public void RenewLeases()
    {
        Segment[] owned;
        lock (_owned)
        {
            owned = _owned.ToArray();
        }

        foreach (Segment segment in owned)
        {
            try
            {
                File.SetLastWriteTimeUtc(segment.Path, DateTime.UtcNow);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Deleted meanwhile, or the directory failed: the next write reports it.
            }
        }
    }

    /// <summary>
    /// At shutdown: hands the segments this process has not finished back as pending, so that the next
    /// client (in this process or another) sends them at once. Records of them already delivered are sent again.
    /// </summary>
    public void Release()
    {
        Segment[] owned;
        lock (_owned)
        {
            owned = _owned.ToArray();
            _owned.Clear();
        }

        TccMetrics.Forget(this);

        foreach (Segment segment in owned)
        {
            string name = System.IO.Path.GetFileName(segment.Path);
            Try("release", () => File.Move(segment.Path, System.IO.Path.Combine(_directory, name.Substring(0, name.IndexOf('.')) + Pending)));
        }
    }

    internal void Remove(Segment segment)
    {
        lock (_owned)
        {
            _owned.Remove(segment);
        }

        Interlocked.Add(ref _storedBytes, -segment.Bytes);
        Interlocked.Add(ref _storedItems, -segment.Items);
        try
        {
            File.Delete(segment.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _diagnostics.WarningOnce("storage-delete", $"[TCC] Cannot delete {segment.Path}: {ex.Message}; its records may be sent again.");
        }
    }

    private bool IsClaimable(string file, string name)
    {
        if (name.EndsWith(Pending, StringComparison.Ordinal))
        {
            return true;
        }

        if (!name.EndsWith(Claimed, StringComparison.Ordinal))
        {
            return false;
        }

        string owner = name.Substring(name.IndexOf('.') + 1, name.Length - name.IndexOf('.') - 1 - Claimed.Length);
        if (owner == _owner)
        {
            return false;
        }

        return !IsRunning(owner) || DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > _leaseTimeout;
    }

    /// <summary>
    /// Whether the process named by an owner id (<c>{pid}-{start ticks}</c>) still runs; a reused pid has another
    /// start time. Another process reads a start time a few milliseconds off (on Linux it is derived from the boot
    /// time, computed anew by each reader), so the times are compared within <see cref="StartTimeTolerance"/>.
    /// </summary>
    private static bool IsRunning(string owner)
    {
        string[] parts = owner.Split('-');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
            || !long.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long startTicks))
        {
            return false;
        }

        try
        {
            using Process process = Process.GetProcessById(pid);
            return !process.HasExited && Math.Abs(process.StartTime.ToUniversalTime().Ticks - startTicks) < StartTimeTolerance.Ticks;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false;
        }
    }

    private static string OwnerId(int pid, DateTime start) =>
        pid.ToString(CultureInfo.InvariantCulture) + "-" + start.ToUniversalTime().Ticks.ToString("x", CultureInfo.InvariantCulture);

    // Names sort by creation time, so older segments are claimed first.
    private static string NewName() => DateTime.UtcNow.Ticks.ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");

    private bool Try(string what, Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException or ArgumentException)
        {
            if (Interlocked.Exchange(ref _failed, 1) == 0)
            {
                _diagnostics.WarningOnce("storage-failed",
                    $"[TCC] Cannot {what} the storage directory {_directory} ({ex.Message}); delivering from memory only.");
            }

            return false;
        }
    }
}

/// <summary>One segment file this process sends; deleted when every record in it is finished.</summary>
internal sealed class Segment
{
    private readonly OfflineStore _store;
    private int _outstanding;

    public Segment(OfflineStore store, string path, long bytes, int records, int items)
    {
        _store = store;
        Path = path;
        Bytes = bytes;
        Items = items;
        _outstanding = records;
    }

    public string Path { get; }

    public long Bytes { get; }

    public int Items { get; }

    /// <summary>Marks <paramref name="records"/> records as finished (delivered, refused or parked elsewhere).</summary>
    public void Complete(int records = 1)
    {
        if (Interlocked.Add(ref _outstanding, -records) <= 0)
        {
            _store.Remove(this);
        }
    }
}
