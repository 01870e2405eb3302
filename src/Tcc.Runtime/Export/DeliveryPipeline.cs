using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Diagnostics;

namespace ContextCompany.Export;

/// <summary>
/// The background delivery of ended runs, steps and tool calls. <see cref="Enqueue"/> never blocks and
/// never throws: the item goes into a bounded queue, or is dropped and counted when the queue is full.
/// Workers (as many as the transport takes at once) serialize and send each item, retrying network
/// errors, timeouts, 408, 429 and 5xx with exponential backoff and jitter, honouring <c>Retry-After</c>,
/// until the attempt or time budget runs out.
/// </summary>
/// <remarks>
/// This file holds the queue, flush and shutdown; <c>DeliveryPipeline.WakeUp.cs</c> when workers sleep and
/// who wakes them; <c>DeliveryPipeline.Retry.cs</c> the delivery of one item with its retries.
/// </remarks>
internal sealed partial class DeliveryPipeline
{
    private readonly Transport _transport;
    private readonly bool _needsPayload;
    private readonly TccOptions _options;
    private readonly TccDiagnostics _diagnostics;
    private readonly CancellationTokenSource _abort = new();

    // The queue is a ring of MaxQueueSize slots under one short lock: ending a run costs that lock and a
    // few stores, with no allocation and no signal to another thread.
    //
    // Flush needs "everything accepted before this point is finished". Items are numbered as they are
    // accepted, in queue order; workers take them in that order and record the number they are working
    // on. Everything below the oldest item still in a worker's hands, or up to the last one taken when the
    // workers are idle, is finished.
    private readonly object _gate = new();
    private readonly IExportItem?[] _ring;
    private readonly string _queueFullReason; // built once: when the queue is full, every ended run is dropped
    private readonly long[] _inProgress;
    private int _head;
    private int _count;
    private readonly List<(long Target, TaskCompletionSource<bool> Done)> _flushWaiters = new();
    private long _accepted;
    private long _acceptedItems; // a run's batch is one slot and several items
    private long _taken;
    private volatile bool _accepting = true;
    private Task[]? _workers;
    private Task<bool>? _shutdown;

    private long _sent;
    private long _retried;
    private long _dropped;
    private long _failed;

    public DeliveryPipeline(Transport transport, TccOptions options, TccDiagnostics diagnostics)
    {
        _transport = transport;
        _needsPayload = transport.NeedsPayload;
        _options = options;
        _diagnostics = diagnostics;
        _clock = options.TimeProvider;
        _inProgress = new long[Math.Max(1, transport.Concurrency)];
        _wakeThreshold = Math.Max(1, Math.Min(WakeThreshold, options.MaxQueueSize / 4));
        _ring = new IExportItem?[QueueCapacity(options)];
        _queueFullReason = $"the delivery queue is full ({_ring.Length} items waiting)";
        _store = CreateStore(transport, options, diagnostics);
        StartRecovery();
    }

    /// <summary>Whether a run may carry its children in one request.</summary>
    public bool SendsBatches => _transport.SendsBatches;

    public TccDeliveryStatistics Statistics => new(
        Interlocked.Read(ref _acceptedItems),
        Interlocked.Read(ref _sent),
        Interlocked.Read(ref _retried),
        Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _failed),
        Volatile.Read(ref _count),
        _ring.Length,
        _store?.StoredItems ?? 0,
        _store?.StoredBytes ?? 0);

    /// <summary>Queues <paramref name="item"/>, or drops and counts it. Never blocks, never throws.</summary>
    public void Enqueue(IExportItem item)
    {
        bool accepted = false;
        bool full = false;
        bool wake = false;
        lock (_gate)
        {
            if (_accepting && _count < _ring.Length)
            {
                item.Sequence = ++_accepted;
                _acceptedItems += RunBatch.CountOf(item);
                _ring[(_head + _count) % _ring.Length] = item;
                _count++;
                accepted = true;
                wake = _sleeping > 0 && _count >= _wakeThreshold;
            }
            else
            {
                full = _accepting;
            }
        }

        if (!accepted)
        {
            Drop(item, full ? _queueFullReason : "the client has shut down");
            return;
        }

        TccMetrics.Enqueued.Add(RunBatch.CountOf(item));
        EnsureWorkers();
        if (wake)
        {
            Wake();
        }
    }

    /// <summary>Counts an item (a batch: each of its items) that was never queued or never delivered.</summary>
    public void Drop(IExportItem item, string reason)
    {
        int count = RunBatch.CountOf(item);
        Interlocked.Add(ref _dropped, count);
        TccMetrics.Dropped.Add(count);
        _diagnostics.Dropped(KindName(item.Kind), reason);
    }

    /// <summary>
    /// Waits until everything accepted before the call is delivered or finally failed (true), or the
    /// timeout passes or the client shuts down first (false). Never throws.
    /// </summary>
    public async Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<bool> done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        long target;
        lock (_gate)
        {
            target = _accepted;
            if (FinishedThrough() < target)
            {
                _flushWaiters.Add((target, done));
            }
            else if (_store is null)
            {
                return true;
            }
            else
            {
                done.TrySetResult(true); // taken from the queue; the stored ones are waited for below
            }
        }

        Wake(); // a flush does not wait for the batch delay

        using CancellationTokenSource timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            timer.CancelAfter(timeout);
        }

        using (timer.Token.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(false), done))
        {
            bool flushed = await done.Task.ConfigureAwait(false);
            lock (_gate)
            {
                _flushWaiters.RemoveAll(waiter => waiter.Done == done);
            }

            // With storage, taken items are written, then sent by the senders: wait for those too.
            return flushed && (_store is null || await FlushStoredAsync(timer.Token).ConfigureAwait(false));
        }
    }

    /// <summary>
    /// Stops accepting items, delivers what is queued within <paramref name="timeout"/>, then abandons the
    /// rest (counted as failed when in flight, dropped when still queued; with storage on, what was written stays
    /// on disk for the next process and is reported as stored). True when nothing was abandoned.
    /// Safe to call more than once; later calls wait for the first.
    /// </summary>
    public Task<bool> ShutdownAsync(TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_shutdown is null)
            {
                _accepting = false;
                _stopRecovery.Cancel();
                _shutdown = ShutdownCoreAsync(timeout);
            }
        }

        Wake();
        return _shutdown;
    }

    private async Task<bool> ShutdownCoreAsync(TimeSpan timeout)
    {
        bool completed = true;
        Task[]? workers = Volatile.Read(ref _workers);
        if (_recovery is not null)
        {
            workers = workers is null ? _recovery : [.. workers, .. _recovery];
        }

        if (workers is not null)
        {
            Task all = Task.WhenAll(workers);
            using CancellationTokenSource timer = new();
            completed = await Task.WhenAny(all, Task.Delay(timeout, timer.Token)).ConfigureAwait(false) == all;
            timer.Cancel(); // no timer left running after a quick shutdown
            if (!completed)
            {
                _abort.Cancel();
                await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(1))).ConfigureAwait(false);
            }
        }

        while (TryTakeAbandoned() is { } abandoned)
        {
            completed = false;
            Drop(abandoned, "the client shut down before it could be delivered");
        }

        ReportKept();
        _store?.Release();
        _transport.Dispose();
        lock (_gate)
        {
            foreach ((long target, TaskCompletionSource<bool> done) in _flushWaiters)
            {
                done.TrySetResult(completed && FinishedThrough() >= target);
            }

            _flushWaiters.Clear();
        }

        return completed;
    }

    private void EnsureWorkers()
    {
        if (Volatile.Read(ref _workers) is not null)
        {
            return;
        }

        lock (_gate)
        {
            if (_workers is null)
            {
                Task[] workers = new Task[_inProgress.Length];
                for (int slot = 0; slot < workers.Length; slot++)
                {
                    int worker = slot;
                    workers[slot] = Task.Run(() => WorkAsync(worker));
                }

                Volatile.Write(ref _workers, workers);
            }
        }
    }

    private async Task WorkAsync(int slot)
    {
        PayloadWriter writer = new(_diagnostics);
        IExportItem[] batch = new IExportItem[TakeSize];
        Random jitter = new(unchecked(Environment.TickCount * (slot + 1)));
        try
        {
            while (!IsDrained)
            {
                // Once shutdown gives up, items still queued are left for it to count as dropped.
                int taken;
                while (!_abort.IsCancellationRequested && (taken = TakeBatch(slot, batch)) > 0)
                {
                    try
                    {
                        if (!TryStore(batch, taken, writer))
                        {
                            for (int i = 0; i < taken; i++)
                            {
                                await DeliverAsync(batch[i], writer, jitter).ConfigureAwait(false);
                            }
                        }

                        Array.Clear(batch, 0, taken);
                    }
                    finally
                    {
                        Finish(slot);
                    }
                }

                _abort.Token.ThrowIfCancellationRequested();
                await SleepAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Shutdown gave up waiting; what is left is counted by ShutdownCoreAsync.
        }
    }

    /// <summary>Shut down, with nothing left in the queue: workers may stop.</summary>
    private bool IsDrained
    {
        get
        {
            lock (_gate)
            {
                return !_accepting && _count == 0;
            }
        }
    }

    /// <summary>Takes up to <c>batch.Length</c> items in queue order; the worker holds them until <see cref="Finish"/>.</summary>
    private int TakeBatch(int slot, IExportItem[] batch)
    {
        lock (_gate)
        {
            int taken = Math.Min(_count, batch.Length);
            for (int i = 0; i < taken; i++)
            {
                batch[i] = DequeueLocked();
            }

            if (taken > 0)
            {
                _inProgress[slot] = batch[0].Sequence;
            }

            return taken;
        }
    }

    private IExportItem? TryTakeAbandoned()
    {
        lock (_gate)
        {
            return _count == 0 ? null : DequeueLocked();
        }
    }

    // Caller holds _gate and has checked that the queue is not empty.
    private IExportItem DequeueLocked()
    {
        IExportItem item = _ring[_head]!;
        _ring[_head] = null;
        _head = (_head + 1) % _ring.Length;
        _count--;
        _taken = item.Sequence;
        return item;
    }

    private void Finish(int slot)
    {
        lock (_gate)
        {
            _inProgress[slot] = 0;
            if (_flushWaiters.Count == 0)
            {
                return;
            }

            long finished = FinishedThrough();
            foreach ((long target, TaskCompletionSource<bool> done) in _flushWaiters)
            {
                if (finished >= target)
                {
                    done.TrySetResult(true);
                }
            }
        }
    }

    // Caller holds _gate.
    private long FinishedThrough()
    {
        long finished = _taken;
        foreach (long sequence in _inProgress)
        {
            if (sequence != 0 && sequence - 1 < finished)
            {
                finished = sequence - 1;
            }
        }

        return finished;
    }

    internal static string KindName(ExportKind kind) => kind switch
    {
        ExportKind.Run => "run",
        ExportKind.Step => "step",
        _ => "tool call",
    };
}
