using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>
/// Retries against a real server: which answers are retried, how long the client waits between attempts
/// (backoff with jitter, <c>Retry-After</c>) and when it gives up (attempt budget, delivery deadline).
/// The waits run on a fake clock that the test moves (<see cref="RetryClock"/>), so they are exact and
/// cost no time; one test retries on the real clock, end to end.
/// </summary>
public sealed class RetryTests
{
    [Fact]
    public async Task Server_answering_503_twice_then_200_gets_the_run_after_two_retries()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, n) => n <= 2 ? new Reply(503) : Reply.Ok;
        RetryClock clock = new();
        await using TccClient tcc = TestClients.ForServer(server, o => o.TimeProvider = clock);

        tcc.Run(runId: "retried").Prompt("p").End();

        Assert.True(await FlushThroughWaitsAsync(tcc, clock, waits: 2));
        Assert.Equal(3, server.RequestCount);
        Assert.All(server.Requests, r => Assert.Contains("\"run_id\":\"retried\"", r.Body));
        DeliveryAssert.Statistics(tcc, enqueued: 1, sent: 1, retried: 2, dropped: 0, failed: 0);
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
        RetryClock clock = new();
        await using TccClient tcc = TestClients.ForServer(server, o => o.TimeProvider = clock);

        tcc.Run().Prompt("p").End();

        Assert.True(await FlushThroughWaitsAsync(tcc, clock, waits: 1));
        DeliveryAssert.Statistics(tcc, enqueued: 1, sent: 1, retried: 1, dropped: 0, failed: 0);
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
        DeliveryAssert.Statistics(tcc, enqueued: 1, sent: 0, retried: 0, dropped: 0, failed: 1);
        Assert.Contains(stderr, line => line.Contains($"HTTP {status}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Backoff_doubles_from_the_initial_delay_with_jitter_up_to_the_max_retry_delay()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, _) => new Reply(500);
        RetryClock clock = new();
        await using TccClient tcc = TestClients.ForServer(server, o =>
        {
            o.TimeProvider = clock;
            o.InitialRetryDelay = TimeSpan.FromSeconds(1);
            o.MaxRetryDelay = TimeSpan.FromSeconds(3);
            o.MaxDeliveryAttempts = 5;
        });

        tcc.Run().Prompt("p").End();
        Task<bool> flushed = tcc.FlushAsync(TimeSpan.FromSeconds(10));

        // "Equal jitter": between half the delay and the delay, which doubles from 1 s and stops at 3 s.
        foreach (double seconds in new[] { 1, 2, 3, 3 })
        {
            TimeSpan wait = await clock.CompleteNextWaitAsync();
            Assert.InRange(wait, TimeSpan.FromSeconds(seconds / 2), TimeSpan.FromSeconds(seconds));
        }

        Assert.True(await flushed);
        Assert.Equal(5, server.RequestCount);
        DeliveryAssert.Statistics(tcc, enqueued: 1, sent: 0, retried: 4, dropped: 0, failed: 1);
    }

    [Fact]
    public async Task Persistent_5xx_fails_after_the_attempt_budget()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, _) => new Reply(500);
        RetryClock clock = new();
        List<string> stderr = new();
        await using TccClient tcc = TestClients.ForServer(server, o =>
        {
            o.TimeProvider = clock;
            o.MaxDeliveryAttempts = 4;
            o.StandardError = stderr.Add;
        });

        tcc.Run().Prompt("p").End();

        Assert.True(await FlushThroughWaitsAsync(tcc, clock, waits: 3));
        Assert.Equal(4, server.RequestCount);
        Assert.Equal(3, clock.WaitsStarted);
        DeliveryAssert.Statistics(tcc, enqueued: 1, sent: 0, retried: 3, dropped: 0, failed: 1);
        Assert.Contains(stderr, line => line.Contains("gave up after 4 attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retry_after_429_waits_as_long_as_the_server_asks()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, n) => n == 1 ? new Reply(429, RetryAfter: "7") : Reply.Ok;
        RetryClock clock = new();
        await using TccClient tcc = TestClients.ForServer(server, o => o.TimeProvider = clock); // its own backoff would be 20 ms

        tcc.Run().Prompt("p").End();
        Task<bool> flushed = tcc.FlushAsync(TimeSpan.FromSeconds(10));
        TimeSpan wait = await clock.NextWaitAsync();
        Assert.Equal(TimeSpan.FromSeconds(7), wait);
        Assert.Equal(1, server.RequestCount); // nothing is sent again until the clock has moved
        clock.Advance(wait);

        Assert.True(await flushed);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task Retry_after_as_an_http_date_is_honoured()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        RetryClock clock = new();
        server.Respond = (_, n) => n == 1 ? new Reply(503, RetryAfter: clock.GetUtcNow().AddSeconds(5).ToString("R")) : Reply.Ok;
        await using TccClient tcc = TestClients.ForServer(server, o => o.TimeProvider = clock);

        tcc.Run().Prompt("p").End();
        Task<bool> flushed = tcc.FlushAsync(TimeSpan.FromSeconds(10));

        // The clock starts on a whole second, as HTTP dates are: the wait is exact.
        Assert.Equal(TimeSpan.FromSeconds(5), await clock.CompleteNextWaitAsync());
        Assert.True(await flushed);
        Assert.Equal(2, server.RequestCount);
    }

    [Fact]
    public async Task Retry_after_beyond_the_delivery_deadline_gives_up()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, _) => new Reply(429, RetryAfter: "3600");
        RetryClock clock = new();
        await using TccClient tcc = TestClients.ForServer(server, o =>
        {
            o.TimeProvider = clock;
            o.DeliveryDeadline = TimeSpan.FromSeconds(5);
        });

        tcc.Run().Prompt("p").End();

        Assert.True(await tcc.FlushAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, clock.WaitsStarted);
        DeliveryAssert.Statistics(tcc, enqueued: 1, sent: 0, retried: 0, dropped: 0, failed: 1);
    }

    [Fact]
    public async Task Retries_stop_when_the_next_attempt_would_be_past_the_delivery_deadline()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, _) => new Reply(503, RetryAfter: "4");
        RetryClock clock = new();
        List<string> stderr = new();
        await using TccClient tcc = TestClients.ForServer(server, o =>
        {
            o.TimeProvider = clock;
            o.DeliveryDeadline = TimeSpan.FromSeconds(10);
            o.StandardError = stderr.Add;
        });

        tcc.Run().Prompt("p").End();

        // Attempts at 0 s, 4 s and 8 s; one at 12 s would be past the 10 s deadline.
        Assert.True(await FlushThroughWaitsAsync(tcc, clock, waits: 2));
        Assert.Equal(3, server.RequestCount);
        Assert.Equal(2, clock.WaitsStarted);
        DeliveryAssert.Statistics(tcc, enqueued: 1, sent: 0, retried: 2, dropped: 0, failed: 1);
        Assert.Contains(stderr, line => line.Contains("past the 10 s deadline", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_timeout_counts_as_a_retryable_failure()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, n) => n == 1 ? new Reply(200, Stall: TimeSpan.FromSeconds(30)) : Reply.Ok;
        RetryClock clock = new();
        await using TccClient tcc = TestClients.ForServer(server, o =>
        {
            o.TimeProvider = clock;
            o.RequestTimeout = TimeSpan.FromMilliseconds(300); // a real timeout on a real connection
        });

        tcc.Run().Prompt("p").End();

        Assert.True(await FlushThroughWaitsAsync(tcc, clock, waits: 1));
        Assert.Equal(2, server.RequestCount);
        DeliveryAssert.Statistics(tcc, enqueued: 1, sent: 1, retried: 1, dropped: 0, failed: 0);
    }

    [Fact]
    public async Task Server_down_at_start_then_up_gets_the_run_within_the_retry_budget_on_the_real_clock()
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

    /// <summary>Flushes, moving the clock to the end of each of the next <paramref name="waits"/> waits as the pipeline starts them.</summary>
    private static async Task<bool> FlushThroughWaitsAsync(TccClient tcc, RetryClock clock, int waits)
    {
        Task<bool> flushed = tcc.FlushAsync(TimeSpan.FromSeconds(10));
        for (int i = 0; i < waits; i++)
        {
            await clock.CompleteNextWaitAsync();
        }

        return await flushed;
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
