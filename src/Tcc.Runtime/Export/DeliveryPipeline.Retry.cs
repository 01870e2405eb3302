using System;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Diagnostics;

namespace ContextCompany.Export;

// Delivering one item: serialize it, send it, and retry what is worth retrying with exponential backoff
// and jitter, or as long as the service's Retry-After asks, until the attempt budget or the delivery
// deadline runs out (OpenTelemetry's OtlpRetry makes the same choices).
internal sealed partial class DeliveryPipeline
{
    // Backoff waits, Retry-After dates and the deadline all read this clock, so tests move it instead of
    // waiting. The batch delay, flush and shutdown timeouts stay on the real clock: they bound real waits.
    private readonly TimeProvider _clock;

    private async Task DeliverAsync(IExportItem item, PayloadWriter writer, Random jitter)
    {
        ArraySegment<byte> payload;
        try
        {
            payload = _needsPayload ? writer.Write(item) : default;
        }
        catch (Exception ex)
        {
            RecordFailure(RunBatch.CountOf(item), KindName(item.Kind), "could not be serialized: " + ex.Message);
            return;
        }

        await SendAsync(item, item.Kind, RunBatch.CountOf(item), payload, jitter, keepOnGiveUp: false).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends one payload (<paramref name="item"/> is null when it was read back from storage), retrying
    /// until it is delivered, refused, or out of budget. With <paramref name="keepOnGiveUp"/>, a payload out
    /// of budget is not counted as failed: it stays in storage, to be retried later.
    /// </summary>
    private async Task<SendOutcome> SendAsync(IExportItem? item, ExportKind itemKind, int count, ArraySegment<byte> payload, Random jitter, bool keepOnGiveUp)
    {
        PayloadResult result = await SendWithRetriesAsync(item, KindName(itemKind), count, payload, jitter, keepOnGiveUp, _abort.Token).ConfigureAwait(false);
        return result.Outcome switch
        {
            PayloadOutcome.Delivered => SendOutcome.Delivered,
            PayloadOutcome.Kept => SendOutcome.Retry,
            _ => SendOutcome.Fail,
        };
    }

    /// <summary>
    /// The retry loop behind <see cref="SendAsync"/> and <see cref="SendPayloadAsync"/>: tells a refusal (a
    /// final answer) from a payload out of budget, which only the tool's per-item report needs. Stops when
    /// <paramref name="stop"/> is canceled (the pipeline's shutdown, or the caller of <see cref="SendPayloadAsync"/>).
    /// </summary>
    private async Task<PayloadResult> SendWithRetriesAsync(IExportItem? item, string kind, int count, ArraySegment<byte> payload, Random jitter, bool keepOnGiveUp, CancellationToken stop)
    {
        long started = _clock.GetTimestamp();
        for (int attempt = 1; ; attempt++)
        {
            SendResult result;
            try
            {
                result = await _transport.SendAsync(item, payload, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return GiveUp("the client shut down while it was being delivered");
            }
            catch (Exception ex)
            {
                result = SendResult.Retry("unexpected error: " + ex.Message);
            }

            if (result.Outcome == SendOutcome.Delivered)
            {
                Interlocked.Add(ref _sent, count);
                TccMetrics.Sent.Add(count);
                return new PayloadResult(PayloadOutcome.Delivered, null);
            }

            if (result.Outcome == SendOutcome.Fail)
            {
                RecordFailure(count, kind, result.Reason!);
                return new PayloadResult(PayloadOutcome.Refused, result.Reason);
            }

            TimeSpan delay = result.RetryAfter ?? Backoff(attempt, jitter);

            if (attempt >= _options.MaxDeliveryAttempts)
            {
                return GiveUp($"{result.Reason} (gave up after {attempt} attempts)");
            }

            if (_clock.GetElapsedTime(started) + delay > _options.DeliveryDeadline)
            {
                return GiveUp($"{result.Reason} (gave up: the next attempt would be past the {_options.DeliveryDeadline.TotalSeconds:0.###} s deadline)");
            }

            Interlocked.Increment(ref _retried);
            TccMetrics.Retried.Add(1);
            _diagnostics.Retried(kind, $"{result.Reason}; attempt {attempt + 1} in {delay.TotalMilliseconds:0} ms");
            try
            {
#if NET
                await Task.Delay(delay, _clock, stop).ConfigureAwait(false);
#else
                await _clock.Delay(delay, stop).ConfigureAwait(false);
#endif
            }
            catch (OperationCanceledException)
            {
                return GiveUp("the client shut down while it was waiting to retry");
            }
        }

        PayloadResult GiveUp(string reason)
        {
            if (keepOnGiveUp)
            {
                _diagnostics.Retried(kind, reason + "; kept in storage for a later attempt");
                return new PayloadResult(PayloadOutcome.Kept, reason);
            }

            RecordFailure(count, kind, reason);
            return new PayloadResult(PayloadOutcome.Failed, reason);
        }
    }

    /// <summary>Exponential backoff with "equal jitter": half the delay fixed, half random, capped.</summary>
    private TimeSpan Backoff(int attempt, Random jitter)
    {
        double exponential = _options.InitialRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        double capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (jitter.NextDouble() * capped / 2));
    }

    private void RecordFailure(int count, string kind, string reason)
    {
        Interlocked.Add(ref _failed, count);
        TccMetrics.Failed.Add(count);
        _diagnostics.Failed(kind, reason);
    }
}
