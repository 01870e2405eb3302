using System.Collections.Concurrent;
using System.Text.Json;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>
/// Runs that were never ended are still delivered: as errors after <see cref="TccOptions.RunTimeout"/>, at
/// shutdown and on SIGTERM; an erroring run ends its open children with it.
/// </summary>
public sealed class RunLifecycleTests
{
    [Fact]
    public async Task A_run_open_longer_than_the_run_timeout_is_delivered_as_timed_out()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        await using TccClient client = TestClients.ForServer(server, o => o.RunTimeout = TimeSpan.FromMilliseconds(200));

        AgentRun run = client.Run(runId: "forgotten").Prompt("p");

        JsonElement sent = (await server.WaitForRequestsAsync(1))[0].Json;
        Assert.Equal("forgotten", sent.GetProperty("run_id").GetString());
        Assert.Equal(2, sent.GetProperty("status_code").GetInt32());
        Assert.Equal("Run timed out", sent.GetProperty("status_message").GetString());
        Assert.True(run.IsEnded);
        Assert.Throws<InvalidOperationException>(run.End);
    }

    [Fact]
    public async Task Without_a_run_timeout_an_open_run_stays_open_until_shutdown()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        TccClient client = TestClients.ForServer(server, o => o.RunTimeout = null);
        AgentRun run = client.Run(runId: "open").Prompt("p");
        client.Run(runId: "ended").Prompt("p").End();

        Assert.True(await client.FlushAsync(TimeSpan.FromSeconds(30)));
        Assert.False(run.IsEnded);
        Assert.Single(server.RequestsTo("/v1/custom"));

        await client.ShutdownAsync(TimeSpan.FromSeconds(30));
        Assert.True(run.IsEnded);
        JsonElement last = server.RequestsTo("/v1/custom")[^1].Json;
        Assert.Equal("open", last.GetProperty("run_id").GetString());
        Assert.Equal("Run not ended before shutdown", last.GetProperty("status_message").GetString());
    }

    [Fact]
    public async Task Shutdown_ends_open_runs_with_their_open_steps_and_tool_calls_as_errors()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        TccClient client = TestClients.ForServer(server);
        AgentRun run = client.Run(runId: "open-at-shutdown").Prompt("p");
        AgentStep step = run.Step(stepId: "open-step");
        ToolCall toolCall = run.ToolCall("search", toolCallId: "open-call");

        await client.ShutdownAsync(TimeSpan.FromSeconds(30));

        IReadOnlyList<JsonElement> items = Assert.Single(server.RequestsTo("/v1/custom")).Items;
        Assert.Equal(new[] { "run", "step", "tool_call" }, items.Select(i => i.GetProperty("type").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("Run not ended before shutdown", items[0].GetProperty("status_message").GetString());
        Assert.All(items.Skip(1), child =>
        {
            Assert.Equal(2, child.GetProperty("status_code").GetInt32());
            Assert.Equal("Parent run errored", child.GetProperty("status_message").GetString());
        });
        Assert.True(RecordTestExtensions.Refuses(() => step.Prompt("after the end")) && RecordTestExtensions.Refuses(() => toolCall.Name("after the end")));
    }

    [Fact]
    public async Task Error_ends_the_runs_open_steps_and_tool_calls_as_errors()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        await using TccClient client = TestClients.ForServer(server);
        AgentRun run = client.Run().Prompt("p");
        run.Step().Prompt("done").Response("ok").End();
        AgentStep open = run.Step();
        ToolCall openCall = run.ToolCall();

        run.Error("model unavailable");

        Assert.Throws<InvalidOperationException>(() => open.Prompt("too late"));
        Assert.Throws<InvalidOperationException>(() => openCall.Name("too late"));
        Assert.True(await client.FlushAsync(TimeSpan.FromSeconds(30)));
        IReadOnlyList<JsonElement> items = Assert.Single(server.RequestsTo("/v1/custom")).Items;
        Assert.Equal(4, items.Count);
        Assert.Equal("model unavailable", items[0].GetProperty("status_message").GetString());
        Assert.Equal(0, items.Single(i => i.TryGetProperty("response", out _)).GetProperty("status_code").GetInt32());
        JsonElement[] errored = items.Skip(1).Where(i => !i.TryGetProperty("response", out _)).ToArray();
        Assert.Equal(2, errored.Length);
        Assert.All(errored, child => Assert.Equal("Parent run errored", child.GetProperty("status_message").GetString()));
        Assert.Equal("unknown", errored.Single(i => i.GetProperty("type").GetString() == "tool_call").GetProperty("tool_name").GetString());
    }

    [Fact]
    public async Task End_leaves_open_children_open_and_they_go_alone_when_they_end()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        await using TccClient client = TestClients.ForServer(server);
        AgentRun run = client.Run().Prompt("p");
        AgentStep step = run.Step();

        run.End();
        step.Prompt("late").Response("still fine").End();

        Assert.True(await client.FlushAsync(TimeSpan.FromSeconds(30)));
        RecordedRequest[] requests = server.RequestsTo("/v1/custom").ToArray();
        // Two requests, each with one item (several requests are in flight, so their order is not fixed).
        Assert.Equal(2, requests.Length);
        Assert.Single(requests, r => r.Json.GetProperty("type").GetString() == "run");
        JsonElement alone = Assert.Single(requests, r => r.Json.GetProperty("type").GetString() == "step").Json;
        Assert.Equal(0, alone.GetProperty("status_code").GetInt32());
    }

    [Fact]
    public async Task Sigterm_flushes_the_queue_and_the_open_run_then_the_process_ends()
    {
        const int Runs = 100;
        await using IngestServer server = await IngestServer.StartAsync();
        ConcurrentDictionary<string, int> arrivals = server.CountRunIds();

        // Requests wait at the server until the signal has been sent, so the queue is still full when it comes:
        // without the handler only the few requests in flight would arrive.
        using ManualResetEventSlim signalSent = new();
        Func<RecordedRequest, int, Reply> count = server.Respond;
        server.Respond = (request, number) =>
        {
            Reply reply = count(request, number);
            signalSent.Wait(TimeSpan.FromSeconds(60));
            return reply;
        };

        using TempFolder folder = new();
        using System.Diagnostics.Process child = ChildProcess.Start("Tcc.Runtime.ExitProbe.dll", folder.Path, new()
        {
            ["TCC_API_KEY"] = TestClients.ApiKey,
            ["TCC_BASE_URL"] = server.BaseUrl.ToString(),
        }, "wait-for-signal", Runs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ChildProcess.WaitForLineAsync(child, "ended");

        await ChildProcess.SignalAsync(child, "TERM");
        signalSent.Set();
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));
        await child.WaitForExitAsync(timeout.Token);

        Assert.Equal(143, child.ExitCode); // terminated by the signal, as it would have been
        Assert.Equal(Runs + 1, arrivals.Count);
        Assert.All(Enumerable.Range(0, Runs), i => Assert.True(arrivals.ContainsKey($"signal-probe-{i:D5}")));
        Assert.True(arrivals.ContainsKey("signal-probe-open"));
    }
}

internal static class RecordTestExtensions
{
    /// <summary>True when <paramref name="setter"/> is refused because the record has ended.</summary>
    public static bool Refuses(Action setter) =>
        Record.Exception(setter) is InvalidOperationException;
}
