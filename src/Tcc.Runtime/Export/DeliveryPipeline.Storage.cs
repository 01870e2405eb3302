using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Diagnostics;
using ContextCompany.Export.Storage;

namespace ContextCompany.Export;

// Offline storage (TccOptions.StorageDirectory): a worker writes each group of items it takes to a segment
// file (one write and flush per group) and hands the payloads to the senders, so the disk keeps up with a
// burst however slow the service is; the file goes once every record in it is finished. A recovery loop claims segments nobody sends (left by a process that is gone, or whose records
// ran out of retries) and sends them, with backoff, for as long as the process lives.
internal sealed partial class DeliveryPipeline
{
    /// <summary>How many items a worker takes at once with storage on: one write and flush per group.</summary>
    private const int StoredGroupSize = 256;

    /// <summary>A claimed segment whose owner has stopped renewing it for this long may be taken over.</summary>
    private static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(60);

    private readonly OfflineStore? _store;
    private readonly ConcurrentQueue<StoredSend> _stored = new();
    private readonly SemaphoreSlim _storedArrived = new(0);
    private long _storedInFlight; // written and not yet finished: a flush waits for them too
    private readonly object _storedGate = new();
    private TaskCompletionSource<bool>? _storedIdle; // completed when _storedInFlight drops to zero
    private readonly CancellationTokenSource _stopRecovery = new(); // shutdown: claim nothing more
    private Task[]? _recovery;

    /// <summary>The store, or null when storage is off or this transport keeps items itself (the local file).</summary>
    private static OfflineStore? CreateStore(Transport transport, TccOptions options, Diagnostics.TccDiagnostics diagnostics) =>
        options.StorageDirectory is { Length: > 0 } directory && transport.SendsBatches
            ? new OfflineStore(directory, options.MaxStorageSize, LeaseTimeout, diagnostics)
            : null;

    /// <summary>
    /// With storage on, the backlog is bounded by <see cref="TccOptions.MaxStorageSize"/>, not the queue: the
    /// hand-off to the writer holds one slot per KB of it (at least <see cref="TccOptions.MaxQueueSize"/>), so a
    /// burst reaches the disk instead of being dropped by the queue.
    /// </summary>
    private static int QueueCapacity(TccOptions options) =>
        options.StorageDirectory is { Length: > 0 }
            ? (int)Math.Max(options.MaxQueueSize, Math.Min(options.MaxStorageSize / 1024, 1 << 22))
            : Math.Max(1, options.MaxQueueSize);

    private int TakeSize => _store is { Available: true } ? StoredGroupSize : Math.Max(1, _transport.TakeBatchSize);

    /// <summary>Starts the senders of stored items and the loop that sends what earlier processes (or this one) left.</summary>
    private void StartRecovery()
    {
        if (_store is not null)
        {
            Task[] tasks = new Task[_inProgress.Length + 1];
            tasks[0] = Task.Run(RecoverAsync);
            for (int i = 1; i < tasks.Length; i++)
            {
                tasks[i] = Task.Run(SendStoredLoopAsync);
            }

            _recovery = tasks;
        }
    }

    /// <summary>Waits until every written item is finished (delivered, refused or parked on disk); false after the timeout.</summary>
    private async Task<bool> FlushStoredAsync(CancellationToken cancellationToken)
    {
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task cancelled = Task.Delay(Timeout.Infinite, stop.Token);
        try
        {
            while (true)
            {
                TaskCompletionSource<bool> idle;
                lock (_storedGate)
                {
                    // Checked under the lock that StoredFinished takes at zero, so the signal cannot be missed.
                    if (Interlocked.Read(ref _storedInFlight) == 0)
                    {
                        return true;
                    }

                    idle = _storedIdle ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                if (await Task.WhenAny(idle.Task, cancelled).ConfigureAwait(false) == cancelled)
                {
                    return false;
                }
            }
        }
        finally
        {
            stop.Cancel(); // no timer or registration left behind
        }
    }

    /// <summary>One written item is finished; at zero, wakes the flushes waiting for the stored items.</summary>
    private void StoredFinished()
    {
        if (Interlocked.Decrement(ref _storedInFlight) == 0)
        {
            TaskCompletionSource<bool>? idle;
            lock (_storedGate)
            {
                idle = _storedIdle;
                _storedIdle = null;
            }

            idle?.TrySetResult(true);
        }
    }

    /// <summary>
    /// At shutdown, with storage on: what is still on disk is not lost but kept for the next client on the
    /// directory, so it is reported as stored (and counted in <see cref="TccDeliveryStatistics.Stored"/>), not as failed.
    /// </summary>
    private void ReportKept()
    {
        if (_store is { StoredItems: > 0 } store)
        {
            _diagnostics.WarningOnce("storage-kept",
                $"[TCC] Shutdown: {store.StoredItems} item(s) kept in {store.FullPath}; the next client on this directory sends them.");
        }
    }

    private async Task SendStoredLoopAsync()
    {
        Random jitter = new(unchecked(Environment.TickCount * 31));
        try
        {
            while (true)
            {
                if (_stored.TryDequeue(out StoredSend send))
                {
                    await SendStoredAsync(_store!, send.Segment, send.Item, send.Item.Kind, RunBatch.CountOf(send.Item), send.Payload, jitter).ConfigureAwait(false);
                    StoredFinished();
                    continue;
                }

                if (_stored.IsEmpty && IsDrained && AllDone(Volatile.Read(ref _workers)))
                {
                    return;
                }

                await _storedArrived.WaitAsync(100, _abort.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Shutdown gave up waiting: what is left stays on disk for the next process.
        }

        static bool AllDone(Task[]? workers)
        {
            foreach (Task worker in workers ?? Array.Empty<Task>())
            {
                if (!worker.IsCompleted)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Writes a group of taken items to a segment and hands them to the senders; false when storage is unavailable.</summary>
    private bool TryStore(IExportItem[] batch, int taken, PayloadWriter writer)
    {
        OfflineStore? store = _store;
        if (store is not { Available: true })
        {
            return false;
        }

        byte[][] payloads = new byte[taken][];
        using MemoryStream framed = new();
        int records = 0;
        int items = 0;
        for (int i = 0; i < taken; i++)
        {
            int count = RunBatch.CountOf(batch[i]);
            try
            {
                ArraySegment<byte> payload = writer.Write(batch[i]);
                payloads[i] = payload.AsSpan().ToArray();
                StorageFrame.Write(framed, payload, batch[i].Kind, count);
                records++;
                items += count;
            }
            catch (Exception ex)
            {
                RecordFailure(count, KindName(batch[i].Kind), "could not be serialized: " + ex.Message);
            }
        }

        Segment? segment = store.Append(framed, records, items, out bool full);
        if (segment is null)
        {
            if (!full)
            {
                return false; // the directory failed (reported once): deliver these from memory
            }

            for (int i = 0; i < taken; i++)
            {
                if (payloads[i] is not null)
                {
                    Drop(batch[i], $"the storage directory is full ({_options.MaxStorageSize} bytes)");
                }
            }

            return true;
        }

        for (int i = 0; i < taken; i++)
        {
            if (payloads[i] is { } payload)
            {
                Interlocked.Increment(ref _storedInFlight);
                _stored.Enqueue(new StoredSend(segment, batch[i], new ArraySegment<byte>(payload)));
            }
        }

        TccMetrics.Stored.Add(items);
        _storedArrived.Release();
        return true;
    }

    /// <summary>Sends one stored record; finished (delivered or refused) it leaves the segment, out of budget it is parked for later.</summary>
    private async Task<SendOutcome> SendStoredAsync(OfflineStore store, Segment segment, IExportItem? item, ExportKind kind, int count, ArraySegment<byte> payload, Random jitter)
    {
        SendOutcome outcome = await SendAsync(item, kind, count, payload, jitter, keepOnGiveUp: true).ConfigureAwait(false);
        if (outcome == SendOutcome.Retry)
        {
            if (_abort.IsCancellationRequested)
            {
                return outcome; // shutting down: the segment stays as it is, for the next process
            }

            store.Park(payload, kind, count);
        }

        segment.Complete();
        return outcome;
    }

    private async Task RecoverAsync()
    {
        OfflineStore store = _store!;
        Random jitter = new(Environment.TickCount);
        TimeSpan interval = TimeSpan.FromMilliseconds(Math.Min(Math.Max(_options.InitialRetryDelay.TotalMilliseconds, 100), 5000));
        TimeSpan delay = interval;
        using SemaphoreSlim slots = new(_inProgress.Length);
        try
        {
            while (_accepting && store.Available)
            {
                store.RenewLeases();
                bool allSent = true;
                while (_accepting && store.ClaimNext() is { } claim)
                {
                    List<Task<SendOutcome>> sends = new(claim.Records.Count);
                    foreach (StoredRecord record in claim.Records)
                    {
                        await slots.WaitAsync(_abort.Token).ConfigureAwait(false);
                        sends.Add(SendRecoveredAsync(store, claim.Segment, record, jitter, slots));
                    }

                    foreach (SendOutcome outcome in await Task.WhenAll(sends).ConfigureAwait(false))
                    {
                        allSent &= outcome != SendOutcome.Retry;
                    }

                    if (!allSent)
                    {
                        break; // the service is not taking them: wait before claiming more
                    }
                }

                // Back off while the service refuses what is stored, as a single item's retries do.
                delay = allSent ? interval : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Math.Max(_options.MaxRetryDelay.Ticks, interval.Ticks)));
                await Task.Delay(delay, _stopRecovery.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested || _stopRecovery.IsCancellationRequested)
        {
            // Shutdown: segments not finished stay on disk for the next process.
        }
    }

    private readonly record struct StoredSend(Segment Segment, IExportItem Item, ArraySegment<byte> Payload);

    private async Task<SendOutcome> SendRecoveredAsync(OfflineStore store, Segment segment, StoredRecord record, Random jitter, SemaphoreSlim slots)
    {
        try
        {
            await Task.Yield();
            return await SendStoredAsync(store, segment, item: null, record.Kind, record.ItemCount, record.Payload, jitter).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
        }
    }
}
