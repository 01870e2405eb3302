using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>The storage gauges read every open client's store: these tests run alone so that no other client's items count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StorageMeterCollection
{
    public const string Name = "Storage meter";
}

/// <summary>The <c>ContextCompany</c> meter reports what the offline storage directory holds.</summary>
[Collection(StorageMeterCollection.Name)]
public sealed class StorageMeterTests
{
    [Fact]
    public async Task The_meter_reports_the_stored_items_and_bytes_until_they_are_delivered()
    {
        using TempFolder folder = new();
        await using IngestServer server = await IngestServer.StartAsync();
        bool down = true;
        server.Respond = (_, _) => Volatile.Read(ref down) ? new Reply(503) : Reply.Ok;
        using StorageGauges gauges = new();
        (long items, long bytes) before = gauges.Read();

        await using TccClient client = TestClients.ForServer(server, o => o.StorageDirectory = folder.Path);
        for (int i = 0; i < 5; i++)
        {
            client.Run().Prompt("p").End();
        }

        await WaitUntilAsync(() => client.Statistics.Stored == 5);
        long storedBytes = client.Statistics.StoredBytes;
        Assert.Equal(Directory.GetFiles(folder.Path).Sum(f => new FileInfo(f).Length), storedBytes);
        Assert.Equal((before.items + 5, before.bytes + storedBytes), gauges.Read());

        Volatile.Write(ref down, false);
        Assert.True(await client.FlushAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(before, gauges.Read());
    }

    [Fact]
    public async Task A_client_that_shut_down_no_longer_counts_in_the_meter()
    {
        using TempFolder folder = new();
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = static (_, _) => new Reply(503);
        using StorageGauges gauges = new();
        (long items, long bytes) before = gauges.Read();

        TccClient client = TestClients.ForServer(server, o =>
        {
            o.StorageDirectory = folder.Path;
            o.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
        });
        client.Run().Prompt("p").End();
        await WaitUntilAsync(() => client.Statistics.Stored == 1);
        Assert.Equal(before.items + 1, gauges.Read().Items);

        await client.ShutdownAsync(); // what it kept stays on disk, for the next process
        Assert.Single(Directory.GetFiles(folder.Path));
        Assert.Equal(before, gauges.Read());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The condition was not met in time.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Observes the storage gauges of the <c>ContextCompany</c> meter through a <see cref="MeterListener"/>.</summary>
    private sealed class StorageGauges : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _last = new();

        public StorageGauges()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == Tcc.MeterName && instrument.Name.StartsWith("tcc.storage.stored", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _last[instrument.Name] = value);
            _listener.Start();
        }

        public (long Items, long Bytes) Read()
        {
            _last.Clear();
            _listener.RecordObservableInstruments();
            // Before the first client the instruments may not exist yet: nothing is stored then.
            return (_last.GetValueOrDefault("tcc.storage.stored"), _last.GetValueOrDefault("tcc.storage.stored_bytes"));
        }

        public void Dispose() => _listener.Dispose();
    }
}
