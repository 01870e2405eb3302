namespace ContextCompany;

/// <summary>
/// A snapshot of a client's delivery counters (also published on the <c>ContextCompany</c> meter).
/// Every item that was ended is, in the end, exactly one of sent, dropped or failed.
/// </summary>
public sealed class TccDeliveryStatistics
{
    internal TccDeliveryStatistics(long enqueued, long sent, long retried, long dropped, long failed, int queued = 0, int queueCapacity = 0, long stored = 0, long storedBytes = 0)
    {
        Stored = stored;
        StoredBytes = storedBytes;
        Queued = queued;
        QueueCapacity = queueCapacity;
        Enqueued = enqueued;
        Sent = sent;
        Retried = retried;
        Dropped = dropped;
        Failed = failed;
    }

    /// <summary>All zeros: the statistics of a client that does not exist yet.</summary>
    internal static TccDeliveryStatistics None { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Items (runs, steps, tool calls) accepted into the delivery queue.</summary>
    public long Enqueued { get; }

    /// <summary>Items delivered: the service answered 2xx, or the local file was written.</summary>
    public long Sent { get; }

    /// <summary>Attempts that were retried after a network error, a timeout, 408, 429 or 5xx.</summary>
    public long Retried { get; }

    /// <summary>Items that were never queued (queue full, client shut down, configuration error) or were still queued when shutdown gave up.</summary>
    public long Dropped { get; }

    /// <summary>Items that were queued but could not be delivered: a non-retryable answer, or the retry budget ran out.</summary>
    public long Failed { get; }

    /// <summary>Items waiting in the delivery queue at the time of the snapshot (not yet taken by a delivery worker).</summary>
    public int Queued { get; }

    /// <summary>How many items the queue holds at most (<see cref="TccOptions.MaxQueueSize"/>); 0 when the client delivers nothing.</summary>
    public int QueueCapacity { get; }

    /// <summary>
    /// Items kept in <see cref="TccOptions.StorageDirectory"/> that this client has written or claimed and not
    /// yet finished; 0 with storage off.
    /// </summary>
    public long Stored { get; }

    /// <summary>Bytes in <see cref="TccOptions.StorageDirectory"/> (every process's segments, as this client counts them); 0 with storage off.</summary>
    public long StoredBytes { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        $"enqueued {Enqueued}, sent {Sent}, retried {Retried}, dropped {Dropped}, failed {Failed}, queued {Queued}/{QueueCapacity}"
        + (Stored > 0 || StoredBytes > 0 ? $", stored {Stored} ({StoredBytes} bytes)" : string.Empty);
}
