using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ContextCompany.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ContextCompany.Tests;

/// <summary>
/// Offline storage (<see cref="TccOptions.StorageDirectory"/>): what could not be sent is kept on disk and
/// sent later, by this process or the next one, even after kill -9.
/// </summary>
public sealed class OfflineStorageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Runs_of_a_process_killed_during_an_outage_are_sent_by_the_next_process()
    {
        const int Runs = 10_000;
        using TempFolder folder = new();
        string storage = Path.Combine(folder.Path, "storage");

        await KillDuringOutageAsync(folder, storage, Runs);

        await using IngestServer healthy = await IngestServer.StartAsync();
        ConcurrentDictionary<string, int> arrivals = healthy.CountRunIds();
        using Process second = StartProbe(folder, healthy, storage, 0);
        try
        {
            await WaitUntilAsync(() => Enumerable.Range(0, Runs).All(i => arrivals.ContainsKey(RunId(i))), TimeSpan.FromSeconds(120));
        }
        finally
        {
            second.Kill();
            await second.WaitForExitAsync();
        }

        int duplicates = arrivals.Values.Sum(n => n - 1);
        output.WriteLine($"kill -9: {Runs} runs ended, {arrivals.Count(a => a.Key.StartsWith("signal-probe-0", StringComparison.Ordinal))} distinct arrived, {duplicates} duplicates");
        Assert.All(Enumerable.Range(0, Runs), i => Assert.True(arrivals.ContainsKey(RunId(i))));
    }

    [Fact]
    public async Task Two_live_processes_on_one_directory_send_each_stored_item_once()
    {
        const int Runs = 3000;
        using TempFolder folder = new();
        string storage = Path.Combine(folder.Path, "storage");

        // A first process leaves its runs on disk, in segments still named after it.
        await KillDuringOutageAsync(folder, storage, Runs);

        int segments = Directory.GetFiles(storage).Length;
        Assert.True(segments > 1, $"the backlog should span several segments, found {segments}");

        // Two processes start on that directory at once and race to claim every segment.
        await using IngestServer healthy = await IngestServer.StartAsync();
        ConcurrentDictionary<string, int> arrivals = healthy.CountRunIds();
        using Process one = StartProbe(folder, healthy, storage, 0);
        using Process two = StartProbe(folder, healthy, storage, 0);
        try
        {
            await WaitUntilAsync(() => Enumerable.Range(0, Runs).All(i => arrivals.ContainsKey(RunId(i))), TimeSpan.FromSeconds(120));
            await WaitUntilAsync(() => Directory.GetFiles(storage).Length == 0, TimeSpan.FromSeconds(60)); // nothing left to send twice
            Assert.False(one.HasExited, "the first process should still be live");
            Assert.False(two.HasExited, "the second process should still be live");
        }
        finally
        {
            one.Kill();
            two.Kill();
            await one.WaitForExitAsync();
            await two.WaitForExitAsync();
        }

        int duplicates = arrivals.Values.Sum(n => n - 1);
        output.WriteLine($"two processes: {Runs} runs stored in {segments} segments, {arrivals.Count} distinct arrived, {duplicates} duplicates");
        Assert.Equal(Runs, arrivals.Count);
        Assert.All(arrivals, arrival => Assert.Equal(1, arrival.Value));
    }

    [Fact]
    public async Task An_outage_longer_than_the_delivery_deadline_loses_nothing()
    {
        using TempFolder folder = new();
        await using IngestServer server = await IngestServer.StartAsync();
        bool down = true;
        ConcurrentDictionary<string, int> arrivals = server.CountRunIds();
        Func<RecordedRequest, int, Reply> count = server.Respond;
        server.Respond = (request, number) => Volatile.Read(ref down) ? new Reply(503) : count(request, number);
        await using TccClient client = TestClients.ForServer(server, o =>
        {
            o.StorageDirectory = folder.Path;
            o.DeliveryDeadline = TimeSpan.FromMilliseconds(300);
        });

        for (int i = 0; i < 50; i++)
        {
            client.Run(runId: RunId(i)).Prompt("p").End();
        }

        await WaitUntilAsync(() => server.RequestCount > 200, TimeSpan.FromSeconds(60)); // retried past the deadline
        Volatile.Write(ref down, false);

        await WaitUntilAsync(() => arrivals.Count == 50, TimeSpan.FromSeconds(60));
        await WaitUntilAsync(() => Directory.GetFiles(folder.Path).Length == 0, TimeSpan.FromSeconds(30));
        Assert.Equal(0, client.Statistics.Failed);
    }

    [Fact]
    public async Task Corrupt_and_truncated_segments_are_skipped_and_the_rest_is_delivered()
    {
        using TempFolder folder = new();
        await using IngestServer server = await IngestServer.StartAsync();
        ConcurrentDictionary<string, int> arrivals = server.CountRunIds();

        // A first client stores three runs that the service refuses to take in time, then shuts down.
        string[] segments = await StoreUndeliveredAsync(folder.Path, 3);
        byte[] data = await File.ReadAllBytesAsync(segments[0]);
        data[^3] ^= 0xFF; // a flipped byte in the first segment's payload
        await File.WriteAllBytesAsync(segments[0], data);
        byte[] torn = await File.ReadAllBytesAsync(segments[1]);
        await File.WriteAllBytesAsync(segments[1], torn[..(torn.Length - 5)]); // a write cut short
        await File.WriteAllBytesAsync(Path.Combine(folder.Path, "0000000000000000001-garbage.pending"), new byte[] { 1, 2, 3 });

        List<string> reported = new();
        await using TccClient client = TestClients.ForServer(server, o =>
        {
            o.StorageDirectory = folder.Path;
            o.StandardError = line => { lock (reported) { reported.Add(line); } };
        });

        await WaitUntilAsync(() => arrivals.Count == 1, TimeSpan.FromSeconds(30));
        await WaitUntilAsync(() => Directory.GetFiles(folder.Path).Length == 0, TimeSpan.FromSeconds(30));
        Assert.Contains(reported, line => line.Contains("torn or corrupt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unwritable_directory_falls_back_to_memory_reported_once()
    {
        using TempFolder folder = new();
        string notADirectory = Path.Combine(folder.Path, "file");
        await File.WriteAllTextAsync(notADirectory, "in the way");
        await using IngestServer server = await IngestServer.StartAsync();
        List<string> reported = new();
        await using TccClient client = TestClients.ForServer(server, o =>
        {
            o.StorageDirectory = notADirectory;
            o.StandardError = line => { lock (reported) { reported.Add(line); } };
        });

        for (int i = 0; i < 20; i++)
        {
            client.Run().Prompt("p").End();
        }

        Assert.True(await client.FlushAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(20, server.RequestCount);
        Assert.Single(reported, line => line.Contains("Cannot", StringComparison.Ordinal) && line.Contains("memory only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Past_the_size_limit_new_items_are_dropped_and_counted()
    {
        using TempFolder folder = new();
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = static (_, _) => new Reply(503);
        await using TccClient client = TestClients.ForServer(server, o =>
        {
            o.StorageDirectory = folder.Path;
            o.MaxStorageSize = 4096;
            o.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
        });

        client.Run().Prompt("fits").End();
        await WaitUntilAsync(() => client.Statistics.StoredBytes > 0, TimeSpan.FromSeconds(30));
        for (int i = 0; i < 100; i++)
        {
            client.Run().Prompt(new string('x', 200)).End();
        }

        await WaitUntilAsync(() => client.Statistics.Dropped > 0 && client.Statistics.Queued == 0, TimeSpan.FromSeconds(30));
        Assert.InRange(client.Statistics.StoredBytes, 1, 4096);
        Assert.InRange(Directory.GetFiles(folder.Path).Sum(f => new FileInfo(f).Length), 1, 4096);
    }

    [Fact]
    public async Task Items_left_in_flight_at_shutdown_are_reported_as_stored_not_failed()
    {
        using TempFolder folder = new();
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = static (_, _) => new Reply(503);
        List<string> reported = new();
        TccClient client = TestClients.ForServer(server, o =>
        {
            o.StorageDirectory = folder.Path;
            o.ShutdownTimeout = TimeSpan.FromMilliseconds(300);
            o.StandardError = line => { lock (reported) { reported.Add(line); } };
        });
        for (int i = 0; i < 20; i++)
        {
            client.Run(runId: RunId(i)).Prompt("p").End();
        }

        await WaitUntilAsync(() => client.Statistics.Stored == 20, TimeSpan.FromSeconds(30));
        await client.ShutdownAsync();

        output.WriteLine($"after shutdown: {client.Statistics}");
        Assert.Equal(0, client.Statistics.Failed);
        Assert.Equal(0, client.Statistics.Dropped);
        Assert.Equal(20, client.Statistics.Stored);
        Assert.Contains(reported, line => line.Contains("20 item(s) kept in", StringComparison.Ordinal));

        // The next client on the directory sends them.
        await using IngestServer healthy = await IngestServer.StartAsync();
        ConcurrentDictionary<string, int> arrivals = healthy.CountRunIds();
        await using TccClient next = TestClients.ForServer(healthy, o => o.StorageDirectory = folder.Path);
        await WaitUntilAsync(() => arrivals.Count == 20, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Children_that_ended_while_their_run_is_open_reach_the_disk_only_with_their_run()
    {
        // The documented limit (README, Delivery): a child waits in memory for its run's batch, so a kill -9
        // before the run ends loses it however long ago it ended.
        using TempFolder folder = new();
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = static (_, _) => new Reply(503);
        await using TccClient client = TestClients.ForServer(server, o => o.StorageDirectory = folder.Path);
        AgentRun run = client.Run(runId: RunId(0)).Prompt("p");
        run.Step().Prompt("p1").Response("r1").End();
        run.ToolCall("get_weather").Args("{}").Result("{}").End();

        Assert.True(await client.FlushAsync(TimeSpan.FromSeconds(30))); // a held child is not waited for
        Assert.Empty(Directory.GetFiles(folder.Path));
        Assert.Equal(0, client.Statistics.Stored);

        run.End();
        await WaitUntilAsync(() => client.Statistics.Stored == 3, TimeSpan.FromSeconds(30));
        Assert.Single(Directory.GetFiles(folder.Path)); // the run and its children, written together
    }

    /// <summary>Ends <paramref name="runs"/> runs, each in its own group, against a server that never takes them; returns their segment files.</summary>
    private static async Task<string[]> StoreUndeliveredAsync(string directory, int runs)
    {
        await using IngestServer refusing = await IngestServer.StartAsync();
        refusing.Respond = static (_, _) => new Reply(503);
        TccClient client = TestClients.ForServer(refusing, o =>
        {
            o.StorageDirectory = directory;
            o.ShutdownTimeout = TimeSpan.FromMilliseconds(300);
        });
        for (int i = 0; i < runs; i++)
        {
            client.Run(runId: RunId(i)).Prompt("p").End();
            await WaitUntilAsync(() => Directory.GetFiles(directory).Length == i + 1, TimeSpan.FromSeconds(30));
        }

        await client.ShutdownAsync();
        return Directory.GetFiles(directory).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>A child process ends <paramref name="runs"/> runs while the service answers 503 and is killed with SIGKILL 500 ms later.</summary>
    private static async Task KillDuringOutageAsync(TempFolder folder, string storage, int runs)
    {
        await using IngestServer outage = await IngestServer.StartAsync();
        outage.Record = false;
        outage.Respond = static (_, _) => new Reply(503);
        using Process first = StartProbe(folder, outage, storage, runs);
        await ChildProcess.WaitForLineAsync(first, "ended");
        await Task.Delay(500);
        await ChildProcess.SignalAsync(first, "KILL");
        await first.WaitForExitAsync();
        Assert.Equal(137, first.ExitCode);
    }

    private static Process StartProbe(TempFolder folder, IngestServer server, string storage, int runs) =>
        ChildProcess.Start("Tcc.Runtime.ExitProbe.dll", folder.Path, new()
        {
            ["TCC_API_KEY"] = TestClients.ApiKey,
            ["TCC_BASE_URL"] = server.BaseUrl.ToString(),
            ["TCC_STORAGE_DIR"] = storage,
        }, "wait-for-signal", runs.ToString(CultureInfo.InvariantCulture));

    private static string RunId(int i) => $"signal-probe-{i:D5}";

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout)
            {
                throw new TimeoutException("The condition was not met in time.");
            }

            await Task.Delay(20);
        }
    }
}
