using System.Text.Json;
using System.Text.RegularExpressions;
using ContextCompany.Agents.AI.Tests.Infrastructure;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using SupportAgent.Agents;
using Xunit;

namespace ContextCompany.Agents.AI.Tests;

/// <summary>Each RunAsync / RunStreamingAsync of a wrapped agent is one run, with the agent's model calls and tools as its children.</summary>
public sealed partial class AgentRunTests : AgentTestBase
{
    private const string Answer = "Here is what I found: order 1234 shipped.";

    [Fact]
    public async Task RunAsync_with_a_tool_delivers_one_run_with_every_wire_field_and_its_children()
    {
        // The chat client is recorded inside the function-invoking loop, so each step has its round's own fields.
        AIAgent agent = TestAgents.Create(Client, wrapChatClient: true);

        AgentResponse response = await agent.RunAsync("Where is order 1234?");

        Assert.Equal(Answer, response.Text);
        Delivered delivered = await DeliveredAsync();
        JsonElement run = Assert.Single(delivered.Runs);
        Assert.Equal(
            ["type", "run_id", "start_time", "end_time", "status_code", "prompt", "response", "metadata"],
            run.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Matches(UuidV4(), run.GetProperty("run_id").GetString());
        DateTime start = Timestamp(run, "start_time"), end = Timestamp(run, "end_time");
        Assert.True(start <= end);
        Assert.Equal(0, run.GetProperty("status_code").GetInt32());
        Assert.Equal("Where is order 1234?", run.GetProperty("prompt").GetProperty("user_prompt").GetString());
        Assert.Equal(TestAgents.Instructions, run.GetProperty("prompt").GetProperty("system_prompt").GetString());
        Assert.Equal(Answer, run.GetProperty("response").GetString());
        Assert.Equal("""{"tcc.agent":"support-agent"}""", run.GetProperty("metadata").GetRawText());

        // Two model calls (the tool request, the answer) and the tool between them, all inside the run.
        JsonElement[] children = delivered.ChildrenOf(run);
        Assert.Equal(children.Length, delivered.Items.Length - 1);
        JsonElement[] steps = children.Where(c => c.GetProperty("type").GetString() == "step").ToArray();
        // Delivery order is not end order (several requests are in flight): compare as sets.
        Assert.Equal(["stop", "tool_calls"], steps.Select(s => s.GetProperty("finish_reason").GetString()!).Order().ToArray());
        Assert.All(steps, s => Assert.Equal(ScriptedChatClient.ModelId, s.GetProperty("model_used").GetString()));
        JsonElement tool = Assert.Single(children, c => c.GetProperty("type").GetString() == "tool_call");
        Assert.Equal(TestAgents.ToolName, tool.GetProperty("tool_name").GetString());
        Assert.Equal("""{"orderId":"1234"}""", tool.GetProperty("args").GetString());
        Assert.Equal("\"order 1234 shipped\"", tool.GetProperty("result").GetString());
        Assert.All(children, c => Assert.InRange(Timestamp(c, "start_time"), start, end));
    }

    [Fact]
    public async Task RunStreamingAsync_ends_the_run_when_the_stream_completes_with_the_streamed_text()
    {
        AIAgent agent = TestAgents.Create(Client);
        List<string> texts = [];
        bool checkedOpen = false;

        await foreach (AgentResponseUpdate update in agent.RunStreamingAsync("Where is order 1234?"))
        {
            texts.Add(update.Text);
            if (!checkedOpen && update.Text.Length > 0)
            {
                // The run is still open, so nothing of it is sent yet: the tool call and the first model
                // call, already ended, wait to go out with the run in one batch.
                Delivered midway = await DeliveredAsync();
                Assert.Empty(midway.Items);
                checkedOpen = true;
            }
        }

        Assert.True(checkedOpen);
        Assert.Equal(Answer, string.Concat(texts));
        Assert.True(texts.Count(t => t.Length > 0) > 1, "the answer arrived in several updates");
        Delivered delivered = await DeliveredAsync();
        JsonElement run = Assert.Single(delivered.Runs);
        Assert.Equal(0, run.GetProperty("status_code").GetInt32());
        Assert.Equal(Answer, run.GetProperty("response").GetString());
        Assert.Equal("support-agent", run.GetProperty("metadata").GetProperty("tcc.agent").GetString());
        Assert.Equal(2, delivered.ChildrenOf(run).Count(c => c.GetProperty("type").GetString() == "step"));
        Assert.Single(delivered.ChildrenOf(run), c => c.GetProperty("type").GetString() == "tool_call");
    }

    [Fact]
    public async Task The_prompt_is_the_last_user_message_of_the_input()
    {
        AIAgent agent = TestAgents.Create(Client);
        ChatMessage[] input =
        [
            new(ChatRole.User, "Hello"),
            new(ChatRole.Assistant, "Happy to help! Which order is it about?"),
            new(ChatRole.User, "Where is order 1234?"),
        ];

        await agent.RunAsync(input);

        JsonElement run = Assert.Single((await DeliveredAsync()).Runs);
        Assert.Equal("Where is order 1234?", run.GetProperty("prompt").GetProperty("user_prompt").GetString());
    }

    [Fact]
    public async Task Without_instructions_the_system_messages_of_the_input_are_the_system_prompt()
    {
        AIAgent agent = new ChatClientAgent(new ScriptedChatClient(), name: "plain")
            .AsBuilder().UseContextCompany(o => o.Client = Client).Build();

        await agent.RunAsync([new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "Hello")]);

        JsonElement prompt = Assert.Single((await DeliveredAsync()).Runs).GetProperty("prompt");
        Assert.Equal("Be brief.", prompt.GetProperty("system_prompt").GetString());
        Assert.Equal("Hello", prompt.GetProperty("user_prompt").GetString());
    }

    [Fact]
    public async Task Without_content_capture_the_run_has_an_empty_prompt_and_no_response_but_keeps_its_children()
    {
        AIAgent agent = TestAgents.Create(Client, configure: o => o.CaptureContent = false);

        await agent.RunAsync("Where is order 1234?");

        Delivered delivered = await DeliveredAsync();
        JsonElement run = Assert.Single(delivered.Runs);
        Assert.Equal("""{"user_prompt":""}""", run.GetProperty("prompt").GetRawText());
        Assert.False(run.TryGetProperty("response", out _));
        Assert.Equal(3, delivered.ChildrenOf(run).Length);
    }

    [Fact]
    public async Task Wrapping_twice_records_one_run()
    {
        AIAgent agent = TestAgents.Create(Client).AsBuilder().UseContextCompany(o => o.Client = Client).Build();

        await agent.RunAsync("Where is order 1234?");

        Delivered delivered = await DeliveredAsync();
        JsonElement run = Assert.Single(delivered.Runs);
        Assert.Equal(3, delivered.ChildrenOf(run).Length);
    }

    [Fact]
    public void The_wrapper_is_a_delegating_agent_that_keeps_the_inner_agents_identity()
    {
        AIAgent inner = new ChatClientAgent(new ScriptedChatClient(), TestAgents.Instructions, "support-agent");
        AIAgent agent = inner.AsBuilder().UseContextCompany().Build();

        ContextCompanyAgent wrapper = Assert.IsType<ContextCompanyAgent>(agent);
        Assert.Same(inner, wrapper.GetService<ChatClientAgent>());
        Assert.Equal("support-agent", wrapper.Name);
        Assert.Equal(inner.Id, wrapper.Id);
    }

    private static DateTime Timestamp(JsonElement item, string name)
    {
        string text = item.GetProperty(name).GetString()!;
        Assert.Matches(TimestampFormat(), text);
        return DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind);
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidV4();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex TimestampFormat();
}
