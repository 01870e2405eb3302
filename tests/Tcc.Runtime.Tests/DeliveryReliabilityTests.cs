using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>
/// The background delivery against a real server that fails in the ways real services fail: a server that
/// is stalled, a queue that fills, many threads, flush and shutdown, and the counters that account for every
/// run. Retries have their own tests (<see cref="RetryTests"/>).
/// </summary>
public sealed class DeliveryReliabilityTests
{
    [Fact]
    public async Task Stalled_server_with_a_small_queue_drops_and_counts_and_accounts_for_every_run()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, _) => new Reply(200, Stall: TimeSpan.FromSeconds(60));
        await using TccClient tcc = TestClients.ForServer(server, o =>
        {
            o.MaxQueueSize = 16;
            o.MaxConcurrentRequests = 2;
            o.RequestTimeout = TimeSpan.FromMilliseconds(500);
            o.MaxDeliveryAttempts = 1;
        });

        const int produced = 2000;
        for (int i = 0; i < produced; i++)
        {
            tcc.Run().Prompt("p").End(); // never blocks, never throws, whatever the queue's state
        }

        Assert.True(await tcc.FlushAsync(TimeSpan.FromSeconds(30)));
        TccDeliveryStatistics stats = tcc.Statistics;
        Assert.True(stats.Dropped >= produced - 16 - 2, stats.ToString());
        Assert.True(stats.Failed >= 1, stats.ToString());
        Assert.Equal(produced, stats.Sent + stats.Dropped + stats.Failed);
        Assert.Equal(produced, stats.Enqueued + stats.Dropped);
    }

    [Fact]
    public async Task Flush_returns_false_when_the_timeout_passes_and_never_throws()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, _) => new Reply(200, Stall: TimeSpan.FromSeconds(60));
        await using TccClient tcc = TestClients.ForServer(server, o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(200));

        tcc.Run().Prompt("p").End();

        Assert.False(await tcc.FlushAsync(TimeSpan.FromMilliseconds(300)));
        using CancellationTokenSource canceled = new();
        canceled.Cancel();
        Assert.False(await tcc.FlushAsync(TimeSpan.FromSeconds(30), canceled.Token));
    }

    [Fact]
    public async Task A_lone_run_is_delivered_within_the_batch_delay_without_a_flush()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        await using TccClient tcc = TestClients.ForServer(server, o => o.MaxBatchDelay = TimeSpan.FromMilliseconds(50));

        tcc.Run(runId: "lone").Prompt("p").End();

        RecordedRequest request = Assert.Single(await server.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Contains("\"run_id\":\"lone\"", request.Body);
    }

    [Fact]
    public async Task Flush_with_nothing_queued_returns_true_at_once()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        await using TccClient tcc = TestClients.ForServer(server);
        Assert.True(await tcc.FlushAsync(TimeSpan.Zero));
    }

    [Fact]
    public async Task Flush_waits_for_runs_ended_before_it_and_not_for_later_ones()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (request, _) => request.Body.Contains("\"late\"", StringComparison.Ordinal)
            ? new Reply(200, Stall: TimeSpan.FromSeconds(60))
            : Reply.Ok;
        await using TccClient tcc = TestClients.ForServer(server, o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(200));

        for (int i = 0; i < 50; i++)
        {
            tcc.Run().Prompt("early").End();
        }

        Task<bool> flush = tcc.FlushAsync(TimeSpan.FromSeconds(10));
        tcc.Run().Prompt("late").End();

        Assert.True(await flush);
        Assert.True(tcc.Statistics.Sent >= 50);
    }

    [Fact]
    public async Task Eight_threads_ending_10000_runs_each_deliver_every_run_exactly_once()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        ConcurrentDictionary<string, int> arrivals = server.CountRunIds();
        await using TccClient tcc = TestClients.ForServer(server, o =>
        {
            o.MaxQueueSize = 100_000;
            o.MaxConcurrentRequests = 8;
        });

        const int threads = 8;
        const int perThread = 10_000;
        Thread[] producers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            for (int i = 0; i < perThread; i++)
            {
                tcc.Run(runId: $"t{t}-{i}").Prompt("p").Response("r").End();
            }
        })).ToArray();
        foreach (Thread producer in producers)
        {
            producer.Start();
        }

        foreach (Thread producer in producers)
        {
            producer.Join();
        }

        Assert.True(await tcc.FlushAsync(TimeSpan.FromMinutes(3)), tcc.Statistics.ToString());
        Assert.Equal(threads * perThread, arrivals.Count);
        Assert.All(arrivals.Values, count => Assert.Equal(1, count));
        DeliveryAssert.Statistics(tcc, enqueued: threads * perThread, sent: threads * perThread, retried: 0, dropped: 0, failed: 0);
    }

    [Fact]
    public async Task Shutdown_delivers_what_was_queued_then_drops_and_counts_later_runs()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        TccClient tcc = TestClients.ForServer(server);
        for (int i = 0; i < 100; i++)
        {
            tcc.Run().Prompt("p").End();
        }

        await tcc.ShutdownAsync();
        Assert.Equal(100, server.RequestCount);

        tcc.Run().Prompt("after shutdown").End(); // no exception
        await tcc.DisposeAsync();                 // a second shutdown is harmless
        DeliveryAssert.Statistics(tcc, enqueued: 100, sent: 100, retried: 0, dropped: 1, failed: 0);
    }

    [Fact]
    public async Task Shutdown_that_runs_out_of_time_counts_what_it_abandons()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, _) => new Reply(200, Stall: TimeSpan.FromSeconds(60));
        TccClient tcc = TestClients.ForServer(server, o => o.MaxConcurrentRequests = 1);
        for (int i = 0; i < 10; i++)
        {
            tcc.Run().Prompt("p").End();
        }

        await tcc.ShutdownAsync(TimeSpan.FromMilliseconds(300));

        TccDeliveryStatistics stats = tcc.Statistics;
        Assert.Equal(0, stats.Sent);
        Assert.Equal(10, stats.Failed + stats.Dropped);
        Assert.Equal(1, stats.Failed); // the one in flight
    }

    [Fact]
    public async Task Dispose_flushes_runs_ended_before()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        using (TccClient tcc = TestClients.ForServer(server))
        {
            for (int i = 0; i < 25; i++)
            {
                tcc.Run().Prompt("p").End();
            }
        }

        Assert.Equal(25, server.RequestCount);
    }

    [Fact]
    public async Task Counters_are_published_on_the_ContextCompany_meter()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, n) => n == 1 ? new Reply(503) : Reply.Ok;
        await using TccClient tcc = TestClients.ForServer(server);
        ConcurrentDictionary<string, long> totals = new();
        using MeterListener listener = new()
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "ContextCompany")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        listener.Start();

        tcc.Run().Prompt("p").End();
        Assert.True(await tcc.FlushAsync(TimeSpan.FromSeconds(10)));

        // Other tests run in parallel on the same static meter: at least this test's measurements arrive.
        Assert.True(totals.GetValueOrDefault("tcc.delivery.enqueued") >= 1);
        Assert.True(totals.GetValueOrDefault("tcc.delivery.sent") >= 1);
        Assert.True(totals.GetValueOrDefault("tcc.delivery.retried") >= 1);
        Assert.Contains("tcc.delivery.dropped", ListInstruments());
        Assert.Contains("tcc.delivery.failed", ListInstruments());
    }

    [Fact]
    public async Task The_api_key_is_never_written_to_events_or_standard_error()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, n) => n % 2 == 1 ? new Reply(503) : new Reply(401);
        ConcurrentQueue<string> stderr = new();
        using EventCapture events = new();
        await using TccClient tcc = TestClients.ForServer(server, o =>
        {
            o.Debug = true;
            o.StandardError = stderr.Enqueue;
        });

        tcc.Run().Prompt("p").End();
        tcc.Run().Error("failed with " + "Bearer " + TestClients.ApiKey);
        Assert.True(await tcc.FlushAsync(TimeSpan.FromSeconds(10)));
        await tcc.SubmitFeedbackAsync("r", FeedbackScore.ThumbsUp);

        Assert.NotEmpty(stderr);
        Assert.NotEmpty(events.Messages);
        Assert.DoesNotContain(stderr, line => line.Contains(TestClients.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(events.Messages, m => m.Contains(TestClients.ApiKey, StringComparison.Ordinal));
        Assert.DoesNotContain(server.RequestsTo("/v1/custom"), r => r.Body.Contains(TestClients.ApiKey, StringComparison.Ordinal));
    }

    private static string[] ListInstruments()
    {
        List<string> names = new();
        using MeterListener listener = new()
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == "ContextCompany")
                {
                    names.Add(instrument.Name);
                }
            },
        };
        listener.Start();
        return names.ToArray();
    }
}
