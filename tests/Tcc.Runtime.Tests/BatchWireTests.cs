using System.Text.Json;
using ContextCompany.Model;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>
/// The newest reference wire: a run travels with the children created from it that ended before it, in one
/// <c>{"type":"batch"}</c> request; <c>prompt.full_input</c> and run <c>full_output</c>.
/// </summary>
public sealed class BatchWireTests : ServerTestBase
{
    [Fact]
    public async Task A_run_with_2_steps_and_1_tool_call_is_one_request()
    {
        AgentRun run = Client.Run(runId: "batched").Prompt("weather?");
        run.Step(stepId: "s1").Prompt("p1").Response("r1").End();
        run.ToolCall("get_weather", toolCallId: "t1").Args("{}").Result("{}").End();
        run.Step(stepId: "s2").Prompt("p2").Response("r2").End();
        run.Response("15°C").End();

        RecordedRequest request = await SingleIngestAsync();
        Assert.Equal("batch", request.Json.GetProperty("type").GetString());
        IReadOnlyList<JsonElement> items = request.Items;
        Assert.Equal(new[] { "run", "step", "tool_call", "step" }, items.Select(i => i.GetProperty("type").GetString()));
        Assert.All(items, item => Assert.Equal("batched", item.GetProperty("run_id").GetString()));
        Assert.Equal(4, Client.Statistics.Sent);
        Assert.Equal(4, Client.Statistics.Enqueued);
    }

    [Fact]
    public async Task A_run_without_children_goes_alone_as_a_plain_run()
    {
        Client.Run().Prompt("p").End();

        Assert.Equal("run", (await SingleIngestAsync()).Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Children_created_by_run_id_go_alone()
    {
        AgentRun run = Client.Run().Prompt("p");
        Client.Step(run.RunId).Prompt("p").Response("r").End();
        Client.ToolCall(run.RunId, "t").End();
        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, Server.RequestsTo("/v1/custom").Count);

        run.End();
        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(30)));
        RecordedRequest[] requests = Server.RequestsTo("/v1/custom").ToArray();
        Assert.Equal(3, requests.Length);
        Assert.Equal("run", requests[2].Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Past_the_item_bound_children_go_alone_as_they_end()
    {
        AgentRun run = Client.Run().Prompt("p");
        for (int i = 0; i < RunFamily.MaxHeldItems + 3; i++)
        {
            run.ToolCall("t").End();
        }

        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(3, Server.RequestsTo("/v1/custom").Count);
        run.End();
        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(RunFamily.MaxHeldItems + 1, Server.RequestsTo("/v1/custom")[^1].Items.Count);
    }

    [Fact]
    public async Task Past_the_byte_bound_children_go_alone_as_they_end()
    {
        AgentRun run = Client.Run().Prompt("p");
        string large = new('x', (int)(RunFamily.MaxHeldBytes / 2));
        run.Step().Prompt(large).Response("r").End();
        run.Step().Prompt(large).Response("r").End(); // would pass the bound: alone

        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(30)));
        Assert.Single(Server.RequestsTo("/v1/custom"));
        run.End();
        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, Server.RequestsTo("/v1/custom")[^1].Items.Count);
    }

    [Fact]
    public async Task Full_input_and_full_output_are_sent()
    {
        Client.Run()
            .Prompt("weather?", systemPrompt: "be brief", fullInput: "{\"messages\":[]}")
            .Response("15°C", fullOutput: "{\"choices\":[]}")
            .End();

        JsonElement run = (await SingleIngestAsync()).Json;
        Assert.Equal("{\"messages\":[]}", run.GetProperty("prompt").GetProperty("full_input").GetString());
        Assert.Equal("be brief", run.GetProperty("prompt").GetProperty("system_prompt").GetString());
        Assert.Equal("{\"choices\":[]}", run.GetProperty("full_output").GetString());
    }

    [Fact]
    public async Task Without_full_input_and_output_the_members_are_left_out()
    {
        Client.Run().Prompt("p").Response("r").End();

        JsonElement run = (await SingleIngestAsync()).Json;
        Assert.False(run.GetProperty("prompt").TryGetProperty("full_input", out _));
        Assert.False(run.TryGetProperty("full_output", out _));
    }
}

/// <summary>The local file keeps one item a line, batches or not, with the new fields.</summary>
public sealed class LocalFileBatchTests
{
    [Fact]
    public async Task A_run_with_children_is_one_line_per_item_with_full_input_and_output()
    {
        using TempFolder folder = new();
        TccClient client = TestClients.Local(folder);
        AgentRun run = client.Run().Prompt("p", fullInput: "raw request");
        run.Step().Prompt("p").Response("r").End();
        run.ToolCall("t").End();
        run.Response("r", fullOutput: "raw output").End();
        await client.ShutdownAsync(TimeSpan.FromSeconds(30));

        string[] lines = await File.ReadAllLinesAsync(client.LocalFilePath!);
        JsonElement[] items = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(new[] { "step", "tool_call", "run" }, items.Select(i => i.GetProperty("type").GetString()));
        Assert.Equal("raw request", items[2].GetProperty("prompt").GetProperty("full_input").GetString());
        Assert.Equal("raw output", items[2].GetProperty("full_output").GetString());
    }
}
