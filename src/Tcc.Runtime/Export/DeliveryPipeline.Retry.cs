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
        string kind = KindName(item.Kind);
        ArraySegment<byte> payload;
        try
        {
            payload = _needsPayload ? writer.Write(item) : default;
        }
        catch (Exception ex)
        {
            RecordFailure(item, kind, "could not be serialized: " + ex.Message);
            return;
        }

        long started = _clock.GetTimestamp();
        for (int attempt = 1; ; attempt++)
        {
            SendResult result;
            try
            {
                result = await _transport.SendAsync(item, payload, _abort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                RecordFailure(item, kind, "the client shut down while it was being delivered");
                return;
            }
            catch (Exception ex)
            {
                result = SendResult.Retry("unexpected error: " + ex.Message);
            }

            if (result.Outcome == SendOutcome.Delivered)
            {
                int count = RunBatch.CountOf(item);
                Interlocked.Add(ref _sent, count);
                TccMetrics.Sent.Add(count);
                return;
            }

            if (result.Outcome == SendOutcome.Fail)
            {
                RecordFailure(item, kind, result.Reason!);
                return;
            }

            TimeSpan delay = result.RetryAfter ?? Backoff(attempt, jitter);

            if (attempt >= _options.MaxDeliveryAttempts)
            {
                RecordFailure(item, kind, $"{result.Reason} (gave up after {attempt} attempts)");
                return;
            }

            if (_clock.GetElapsedTime(started) + delay > _options.DeliveryDeadline)
            {
                RecordFailure(item, kind, $"{result.Reason} (gave up: the next attempt would be past the {_options.DeliveryDeadline.TotalSeconds:0.###} s deadline)");
                return;
            }

            Interlocked.Increment(ref _retried);
            TccMetrics.Retried.Add(1);
            _diagnostics.Retried(kind, $"{result.Reason}; attempt {attempt + 1} in {delay.TotalMilliseconds:0} ms");
            try
            {
#if NET
                await Task.Delay(delay, _clock, _abort.Token).ConfigureAwait(false);
#else
                await _clock.Delay(delay, _abort.Token).ConfigureAwait(false);
#endif
            }
            catch (OperationCanceledException)
            {
                RecordFailure(item, kind, "the client shut down while it was waiting to retry");
                return;
            }
        }
    }

    /// <summary>Exponential backoff with "equal jitter": half the delay fixed, half random, capped.</summary>
    private TimeSpan Backoff(int attempt, Random jitter)
    {
        double exponential = _options.InitialRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        double capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (jitter.NextDouble() * capped / 2));
    }

    private void RecordFailure(IExportItem item, string kind, string reason)
    {
        int count = RunBatch.CountOf(item);
        Interlocked.Add(ref _failed, count);
        TccMetrics.Failed.Add(count);
        _diagnostics.Failed(kind, reason);
    }
}
