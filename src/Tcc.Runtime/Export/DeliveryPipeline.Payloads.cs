using System;
using System.Threading;
using System.Threading.Tasks;

namespace ContextCompany.Export;

// Payloads that are already serialized, sent one at a time on the caller's task: the tcc tool sends the
// lines of a local runs file with the SDK's transport and retry policy, and must know how each one ended
// to record what was delivered. Nothing here goes through the queue or the offline storage.
internal sealed partial class DeliveryPipeline
{
    private int _payloadSeed;

    /// <summary>
    /// Sends <paramref name="payload"/> (UTF-8 JSON, as the SDK would have posted it) with this pipeline's
    /// transport, retrying as queued items are retried (backoff with jitter, <c>Retry-After</c>, attempt budget,
    /// delivery deadline), and says how it ended. Counted in <see cref="Statistics"/> like queued items. Never
    /// throws except for <paramref name="cancellationToken"/>.
    /// </summary>
    /// <param name="payload">The request body.</param>
    /// <param name="kind">What it is, for diagnostics (<c>run</c>, <c>step</c>, <c>feedback</c>, ...).</param>
    /// <param name="itemCount">How many items it carries (a batch carries several).</param>
    /// <param name="cancellationToken">Stops the attempts and the waits between them.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    internal async Task<PayloadResult> SendPayloadAsync(ArraySegment<byte> payload, string kind, int itemCount, CancellationToken cancellationToken)
    {
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, cancellationToken);
        Random jitter = new(unchecked(Environment.TickCount * 31 + Interlocked.Increment(ref _payloadSeed)));
        PayloadResult result = await SendWithRetriesAsync(item: null, kind, itemCount, payload, jitter, keepOnGiveUp: false, stop.Token).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }
}

/// <summary>How the delivery of one payload ended.</summary>
internal enum PayloadOutcome
{
    /// <summary>The service accepted it (2xx).</summary>
    Delivered,

    /// <summary>The service gave a final answer that is not retried (a 4xx other than 408 and 429).</summary>
    Refused,

    /// <summary>Every attempt failed (network errors, timeouts, 408, 429, 5xx) until the attempt budget or the deadline ran out.</summary>
    Failed,

    /// <summary>Out of budget, but kept in the offline storage for a later attempt (stored items only).</summary>
    Kept,
}

/// <summary>The outcome of sending one payload, and why when it was not delivered.</summary>
internal readonly struct PayloadResult
{
    public PayloadResult(PayloadOutcome outcome, string? reason)
    {
        Outcome = outcome;
        Reason = reason;
    }

    public PayloadOutcome Outcome { get; }

    /// <summary>The last answer or error (it names the URL, never the API key); null when delivered.</summary>
    public string? Reason { get; }
}
