using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>
/// The background delivery against a real server that fails in the ways real services fail: retries,
/// backoff, Retry-After, a server that is down or stalled, many threads, and the counters that account
/// for every run.
/// </summary>
public sealed class DeliveryReliabilityTests
{
    [Fact]
    public async Task Server_answering_503_twice_then_200_gets_the_run_after_two_retries()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, n) => n <= 2 ? new Reply(503) : Reply.Ok;
        await using TccClient tcc = TestClients.ForServer(server);

        tcc.Run(runId: "retried").Prompt("p").End();

        Assert.True(await tcc.FlushAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(3, server.RequestCount);
        Assert.All(server.Requests, r => Assert.Contains("\"run_id\":\"retried\"", r.Body));
        AssertStatistics(tcc, enqueued: 1, sent: 1, retried: 2, dropped: 0, failed: 0);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(504)]
    public async Task Retryable_answers_are_retried(int status)
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, n) => n == 1 ? new Reply(status) : Reply.Ok;
        await using TccClient tcc = TestClients.ForServer(server);

        tcc.Run().Prompt("p").End();

        Assert.True(await tcc.FlushAsync(TimeSpan.FromSeconds(10)));
        AssertStatistics(tcc, enqueued: 1, sent: 1, retried: 1, dropped: 0, failed: 0);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task Other_4xx_answers_are_not_retried_and_count_as_failed(int status)
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, _) => new Reply(status);
        List<string> stderr = new();
        await using TccClient tcc = TestClients.ForServer(server, o => o.StandardError = stderr.Add);

        tcc.Run().Prompt("p").End();

        Assert.True(await tcc.FlushAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, server.RequestCount);
        AssertStatistics(tcc, enqueued: 1, sent: 0, retried: 0, dropped: 0, failed: 1);
        Assert.Contains(stderr, line => line.Contains($"HTTP {status}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retry_after_429_waits_as_long_as_the_server_asks()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, n) => n == 1 ? new Reply(429, RetryAfter: "1") : Reply.Ok;
        await using TccClient tcc = TestClients.ForServer(server); // its own backoff would be 20 ms

        tcc.Run().Prompt("p").End();

        Assert.True(await tcc.FlushAsync(TimeSpan.FromSeconds(10)));
        IReadOnlyList<RecordedRequest> requests = server.Requests;
        Assert.Equal(2, requests.Count);
        TimeSpan waited = requests[1].ReceivedAtUtc - requests[0].ReceivedAtUtc;
        Assert.True(waited >= TimeSpan.FromMilliseconds(950), $"retried after {waited.TotalMilliseconds} ms, the server asked for 1 s");
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, n) => n == 1 ? new Reply(503, RetryAfter: DateTimeOffset.UtcNow.AddSeconds(2).ToString("R")) : Reply.Ok;
        await using TccClient tcc = TestClients.ForServer(server);

        tcc.Run().Prompt("p").End();

        Assert.True(await tcc.FlushAsync(TimeSpan.FromSeconds(10)));
        IReadOnlyList<RecordedRequest> requests = server.Requests;
        Assert.Equal(2, requests.Count);
        // HTTP dates have whole seconds: the wait is between 1 and 2 seconds.
        Assert.True(requests[1].ReceivedAtUtc - requests[0].ReceivedAtUtc >= TimeSpan.FromMilliseconds(900));
    }

    [Fact]
    public async Task Retry_after_beyond_the_delivery_deadline_gives_up()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, _) => new Reply(429, RetryAfter: "3600");
        await using TccClient tcc = TestClients.ForServer(server, o => o.DeliveryDeadline = TimeSpan.FromSeconds(5));

        tcc.Run().Prompt("p").End();

        Assert.True(await tcc.FlushAsync(TimeSpan.FromSeconds(10)));
        AssertStatistics(tcc, enqueued: 1, sent: 0, retried: 0, dropped: 0, failed: 1);
    }

    [Fact]
    public async Task Persistent_5xx_fails_after_the_attempt_budget()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, _) => new Reply(500);
        await using TccClient tcc = TestClients.ForServer(server, o => o.MaxDeliveryAttempts = 4);

        tcc.Run().Prompt("p").End();

        Assert.True(await tcc.FlushAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(4, server.RequestCount);
        AssertStatistics(tcc, enqueued: 1, sent: 0, retried: 3, dropped: 0, failed: 1);
    }

    [Fact]
    public async Task Server_down_at_start_then_up_gets_the_run_within_the_retry_budget()
    {
        int port = IngestServer.FreePort();
        TccOptions options = TestClients.CleanOptions();
        options.ApiKey = TestClients.ApiKey;
        options.BaseUrl = new Uri($"http://127.0.0.1:{port}");
        options.InitialRetryDelay = TimeSpan.FromMilliseconds(100);
        options.MaxRetryDelay = TimeSpan.FromMilliseconds(400);
        options.MaxDeliveryAttempts = 20;
        await using TccClient tcc = new(options);

        tcc.Run(runId: "patient").Prompt("p").End();
        await WaitUntilAsync(() => tcc.Statistics.Retried >= 2);
        await using IngestServer server = await IngestServer.StartAsync(port);

        Assert.True(await tcc.FlushAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("\"run_id\":\"patient\"", Assert.Single(server.Requests).Body);
        Assert.Equal(1, tcc.Statistics.Sent);
        Assert.True(tcc.Statistics.Retried >= 2);
    }

    [Fact]
    public async Task Request_timeout_counts_as_a_retryable_failure()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, n) => n == 1 ? new Reply(200, Stall: TimeSpan.FromSeconds(30)) : Reply.Ok;
        await using TccClient tcc = TestClients.ForServer(server, o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));

        tcc.Run().Prompt("p").End();

        Assert.True(await tcc.FlushAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, server.RequestCount);
        AssertStatistics(tcc, enqueued: 1, sent: 1, retried: 1, dropped: 0, failed: 0);
    }

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
        AssertStatistics(tcc, enqueued: threads * perThread, sent: threads * perThread, retried: 0, dropped: 0, failed: 0);
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
        AssertStatistics(tcc, enqueued: 100, sent: 100, retried: 0, dropped: 1, failed: 0);
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

    private static void AssertStatistics(TccClient tcc, long enqueued, long sent, long retried, long dropped, long failed)
    {
        TccDeliveryStatistics s = tcc.Statistics;
        Assert.Equal(
            $"enqueued {enqueued}, sent {sent}, retried {retried}, dropped {dropped}, failed {failed}, queued 0/{s.QueueCapacity}",
            s.ToString());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using CancellationTokenSource deadline = new(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
