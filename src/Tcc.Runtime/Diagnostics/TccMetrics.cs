using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Reflection;
using ContextCompany.Export.Storage;

namespace ContextCompany.Diagnostics;

/// <summary>
/// The delivery counters as <see cref="System.Diagnostics.Metrics"/> instruments on the <c>ContextCompany</c>
/// meter (readable with <c>dotnet-counters monitor -n your-app --counters ContextCompany</c> or OpenTelemetry).
/// </summary>
internal static class TccMetrics
{
    public const string MeterName = "ContextCompany";

    public static readonly string Version =
        typeof(TccMetrics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static readonly Meter Meter = new(MeterName, Version);

    public static readonly Counter<long> Enqueued = Meter.CreateCounter<long>("tcc.delivery.enqueued", "{item}", "Runs, steps and tool calls accepted into the delivery queue");

    public static readonly Counter<long> Sent = Meter.CreateCounter<long>("tcc.delivery.sent", "{item}", "Items delivered (the service answered 2xx, or the local file was written)");

    public static readonly Counter<long> Retried = Meter.CreateCounter<long>("tcc.delivery.retried", "{attempt}", "Delivery attempts that are retried after a network error, 408, 429 or 5xx");

    public static readonly Counter<long> Dropped = Meter.CreateCounter<long>("tcc.delivery.dropped", "{item}", "Items dropped because the queue was full or the client had shut down");

    public static readonly Counter<long> Stored = Meter.CreateCounter<long>("tcc.storage.written", "{item}", "Items written to the offline storage directory");

    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("tcc.delivery.failed", "{item}", "Items that could not be delivered within the retry budget");

    // The stores of the clients that are open; the gauges report what they hold together, read when observed
    // so that sending costs nothing more.
    private static readonly List<OfflineStore> Stores = new();

    private static readonly ObservableGauge<long> StoredItems = Meter.CreateObservableGauge(
        "tcc.storage.stored", () => SumStores(static store => store.StoredItems), "{item}", "Items kept in the offline storage directory until they are delivered");

    private static readonly ObservableGauge<long> StoredBytes = Meter.CreateObservableGauge(
        "tcc.storage.stored_bytes", () => SumStores(static store => store.StoredBytes), "By", "Bytes of the offline storage directory's segment files");

    /// <summary>Counts <paramref name="store"/> in the storage gauges until <see cref="Forget"/>.</summary>
    public static void Observe(OfflineStore store)
    {
        lock (Stores)
        {
            Stores.Add(store);
        }
    }

    /// <summary>Stops counting <paramref name="store"/> (its client shut down; what it left is the next process's).</summary>
    public static void Forget(OfflineStore store)
    {
        lock (Stores)
        {
            Stores.Remove(store);
        }
    }

    private static long SumStores(System.Func<OfflineStore, long> read)
    {
        long sum = 0;
        lock (Stores)
        {
            foreach (OfflineStore store in Stores)
            {
                sum += read(store);
            }
        }

        return sum;
    }
}
