using System.Text.Json;
using ContextCompany.Agents.AI.Tests.Infrastructure;
using ContextCompany.Extensions.AI;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using SupportAgent.Agents;
using Xunit;

namespace ContextCompany.Agents.AI.Tests;

/// <summary>
/// The agent wrapper records the model calls and tools of a <see cref="ChatClientAgent"/> by itself, and each of
/// them once when the user also records the chat client.
/// </summary>
public sealed class StepsRecordedOnceTests : AgentTestBase
{
    private const string Question = "Where is order 1234?";
    private const string ToolCallsJson = """[{"id":"call_1","name":"get_order_status","arguments":{"orderId":"1234"}}]""";

    [Fact]
    public async Task Without_a_recorded_chat_client_RunAsync_records_two_steps_and_the_tool_call()
    {
        AIAgent agent = TestAgents.Create(Client);

        await agent.RunAsync(Question);

        (JsonElement[] steps, JsonElement tool) = await ChildrenAsync();
        Assert.Equal(2, steps.Length);
        JsonElement request = steps.Single(s => s.GetProperty("response").GetString() == ToolCallsJson);
        JsonElement answer = steps.Single(s => s.GetProperty("response").GetString() == "Here is what I found: order 1234 shipped.");
        Assert.Equal(ScriptedChatClient.ModelId, request.GetProperty("model_requested").GetString());
        Assert.Contains("get_order_status", request.GetProperty("tool_definitions").GetString());
        // Outside the function-invoking loop, a call that is not streamed returns one model, finish reason and
        // usage for the whole loop: the last step carries them, the usage summed over both rounds (1 + 10).
        Assert.False(request.TryGetProperty("finish_reason", out _));
        Assert.False(request.TryGetProperty("completion_tokens", out _));
        Assert.Equal("stop", answer.GetProperty("finish_reason").GetString());
        Assert.Equal(ScriptedChatClient.ModelId, answer.GetProperty("model_used").GetString());
        Assert.Equal(11, answer.GetProperty("completion_tokens").GetInt32());
        Assert.Contains("tool_call_response", answer.GetProperty("prompt").GetString());
        AssertToolCall(tool);
    }

    [Fact]
    public async Task Without_a_recorded_chat_client_RunStreamingAsync_records_each_round_with_its_own_fields()
    {
        AIAgent agent = TestAgents.Create(Client);

        await foreach (AgentResponseUpdate _ in agent.RunStreamingAsync(Question))
        {
        }

        (JsonElement[] steps, JsonElement tool) = await ChildrenAsync();
        Assert.Equal(["stop", "tool_calls"], steps.Select(s => s.GetProperty("finish_reason").GetString()!).Order().ToArray());
        JsonElement request = steps.Single(s => s.GetProperty("finish_reason").GetString() == "tool_calls");
        JsonElement answer = steps.Single(s => s.GetProperty("finish_reason").GetString() == "stop");
        Assert.Equal(ToolCallsJson, request.GetProperty("response").GetString());
        Assert.Equal(1, request.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(10, answer.GetProperty("completion_tokens").GetInt32());
        Assert.All(steps, s => Assert.Equal(ScriptedChatClient.ModelId, s.GetProperty("model_used").GetString()));
        Assert.All(steps, s => Assert.True(s.TryGetProperty("ttft_ms", out _)));
        AssertToolCall(tool);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_chat_client_the_user_recorded_records_each_step_and_tool_call_once(bool streaming, bool withOwnFunctionInvocation)
    {
        // ChatClientAgent adds its function-invoking client outside the user's pipeline when the pipeline has none,
        // so in both set-ups the user's recording client stands inside the loop.
        ChatClientBuilder builder = new ScriptedChatClient().AsBuilder();
        if (withOwnFunctionInvocation)
        {
            builder.UseFunctionInvocation();
        }

        IChatClient chatClient = builder.UseContextCompany(o => o.Client = Client).Build();
        AIAgent agent = new ChatClientAgent(chatClient, TestAgents.Instructions, "support-agent", tools: [TestAgents.OrderTool()])
            .AsBuilder().UseContextCompany(o => o.Client = Client).Build();

        if (streaming)
        {
            await foreach (AgentResponseUpdate _ in agent.RunStreamingAsync(Question))
            {
            }
        }
        else
        {
            await agent.RunAsync(Question);
        }

        (JsonElement[] steps, JsonElement tool) = await ChildrenAsync();
        // Recorded inside the loop: each round's own finish reason, which the outer position lacks without streaming.
        Assert.Equal(["stop", "tool_calls"], steps.Select(s => s.GetProperty("finish_reason").GetString()!).Order().ToArray());
        AssertToolCall(tool);
    }

    [Fact]
    public async Task An_agent_that_is_not_a_chat_client_agent_is_run_with_the_callers_options()
    {
        AgentRunOptions? received = null;
        AgentRunOptions options = new();
        AIAgent agent = new OptionsProbeAgent(o => received = o).AsBuilder().UseContextCompany(o => o.Client = Client).Build();

        await agent.RunAsync(Question, options: options);

        Assert.Same(options, received);
        Assert.Single((await DeliveredAsync()).Runs);
    }

    private async Task<(JsonElement[] Steps, JsonElement ToolCall)> ChildrenAsync()
    {
        Delivered delivered = await DeliveredAsync();
        JsonElement run = Assert.Single(delivered.Runs);
        JsonElement[] children = delivered.ChildrenOf(run);
        Assert.Equal(delivered.Items.Length - 1, children.Length);
        JsonElement[] steps = children.Where(c => c.GetProperty("type").GetString() == "step").ToArray();
        Assert.Equal(2, steps.Length);
        Assert.Equal(2, steps.Select(s => s.GetProperty("step_id").GetString()).Distinct().Count());
        JsonElement tool = Assert.Single(children, c => c.GetProperty("type").GetString() == "tool_call");
        return (steps, tool);
    }

    private static void AssertToolCall(JsonElement tool)
    {
        Assert.Equal("call_1", tool.GetProperty("tool_call_id").GetString());
        Assert.Equal(TestAgents.ToolName, tool.GetProperty("tool_name").GetString());
        Assert.Equal(0, tool.GetProperty("status_code").GetInt32());
        Assert.Equal("""{"orderId":"1234"}""", tool.GetProperty("args").GetString());
        Assert.Equal("\"order 1234 shipped\"", tool.GetProperty("result").GetString());
    }

    /// <summary>An agent of its own kind (not a <see cref="ChatClientAgent"/>): it reports the options it was given.</summary>
    private sealed class OptionsProbeAgent(Action<AgentRunOptions?> received) : AIAgent
    {
        protected override ValueTask<AgentSession> CreateSessionCoreAsync(CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        protected override ValueTask<JsonElement> SerializeSessionCoreAsync(AgentSession session, JsonSerializerOptions? jsonSerializerOptions = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        protected override ValueTask<AgentSession> DeserializeSessionCoreAsync(JsonElement serializedState, JsonSerializerOptions? jsonSerializerOptions = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        protected override Task<AgentResponse> RunCoreAsync(IEnumerable<ChatMessage> messages, AgentSession? session = null, AgentRunOptions? options = null, CancellationToken cancellationToken = default)
        {
            received(options);
            return Task.FromResult(new AgentResponse(new ChatMessage(ChatRole.Assistant, "done")));
        }

        protected override IAsyncEnumerable<AgentResponseUpdate> RunCoreStreamingAsync(IEnumerable<ChatMessage> messages, AgentSession? session = null, AgentRunOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
