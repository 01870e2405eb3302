using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContextCompany.Extensions.Hosting;

/// <summary>
/// The health of the SDK's delivery: Healthy while items are delivered; Degraded when items were dropped
/// or finally failed since the previous check, or when the queue is nine-tenths full (the service is
/// unreachable or slower than the application). Never Unhealthy: the application works without it. The
/// data carries the counters: <c>queued</c>, <c>queue_capacity</c>, <c>enqueued</c>, <c>sent</c>,
/// <c>retried</c>, <c>dropped</c>, <c>failed</c>, and with offline storage <c>stored</c> and <c>stored_bytes</c>.
/// </summary>
internal sealed class TccHealthCheck : IHealthCheck
{
    private readonly TccClient _client;
    private long _lastDropped;
    private long _lastFailed;

    public TccHealthCheck(TccClient client)
    {
        _client = client;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        TccDeliveryStatistics statistics = _client.Statistics;
        Dictionary<string, object> data = new(StringComparer.Ordinal)
        {
            ["queued"] = statistics.Queued,
            ["queue_capacity"] = statistics.QueueCapacity,
            ["enqueued"] = statistics.Enqueued,
            ["sent"] = statistics.Sent,
            ["retried"] = statistics.Retried,
            ["dropped"] = statistics.Dropped,
            ["failed"] = statistics.Failed,
            ["stored"] = statistics.Stored,
            ["stored_bytes"] = statistics.StoredBytes,
        };
        long newlyDropped = statistics.Dropped - Interlocked.Exchange(ref _lastDropped, statistics.Dropped);
        long newlyFailed = statistics.Failed - Interlocked.Exchange(ref _lastFailed, statistics.Failed);

        HealthCheckResult result;
        if (newlyDropped > 0 || newlyFailed > 0)
        {
            result = HealthCheckResult.Degraded($"{newlyDropped} items dropped and {newlyFailed} failed since the previous check ({statistics}).", data: data);
        }
        else if (statistics.QueueCapacity > 0 && statistics.Queued * 10 >= statistics.QueueCapacity * 9)
        {
            result = HealthCheckResult.Degraded($"The delivery queue is nearly full: {statistics.Queued} of {statistics.QueueCapacity} items waiting.", data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy($"Delivering: {statistics}.", data);
        }

        return Task.FromResult(result);
    }
}
