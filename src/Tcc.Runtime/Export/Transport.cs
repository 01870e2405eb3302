using System;
using System.Threading;
using System.Threading.Tasks;

namespace ContextCompany.Export;

/// <summary>Where the delivery pipeline puts payloads: the service over HTTP, or the local file.</summary>
internal abstract class Transport : IDisposable
{
    /// <summary>Most deliveries this transport takes at once.</summary>
    public abstract int Concurrency { get; }

    /// <summary>
    /// How many queued items a worker takes at once. A fast transport (a local file) takes many, so the
    /// queue's lock is taken once per batch rather than once per item; a slow one (HTTP) takes one, so
    /// queued items stay available to the other workers.
    /// </summary>
    public virtual int TakeBatchSize => 1;

    /// <summary>
    /// False for a sink that takes the items themselves and never reads the bytes (the caller-cost
    /// benchmarks' discarding sink, the counterpart of an OpenTelemetry exporter that discards the
    /// Activities it is handed): the workers then skip serialization and pass an empty payload.
    /// </summary>
    public virtual bool NeedsPayload => true;

    /// <summary>
    /// True when a run may carry its children in one payload (<see cref="RunBatch"/>); false for a sink that
    /// keeps one item per record (the local JSON-lines file).
    /// </summary>
    public virtual bool SendsBatches => false;

    /// <summary>One delivery attempt. Never throws except for <paramref name="cancellationToken"/>.</summary>
    public abstract Task<SendResult> SendAsync(IExportItem? item, ArraySegment<byte> payload, CancellationToken cancellationToken);

    public virtual void Dispose()
    {
    }
}

internal enum SendOutcome
{
    Delivered,
    Retry,
    Fail,
}

/// <summary>The outcome of one attempt, with why and, for a retry, how long the service asked to wait.</summary>
internal readonly struct SendResult
{
    private SendResult(SendOutcome outcome, string? reason, TimeSpan? retryAfter)
    {
        Outcome = outcome;
        Reason = reason;
        RetryAfter = retryAfter;
    }

    public static SendResult Delivered { get; } = new(SendOutcome.Delivered, null, null);

    public SendOutcome Outcome { get; }

    public string? Reason { get; }

    public TimeSpan? RetryAfter { get; }

    public static SendResult Retry(string reason, TimeSpan? retryAfter = null) => new(SendOutcome.Retry, reason, retryAfter);

    public static SendResult Fail(string reason) => new(SendOutcome.Fail, reason, null);
}
