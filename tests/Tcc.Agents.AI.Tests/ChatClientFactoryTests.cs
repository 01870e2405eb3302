using System.Text.Json;
using ContextCompany.Agents.AI.Tests.Infrastructure;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using SupportAgent.Agents;
using Xunit;

namespace ContextCompany.Agents.AI.Tests;

/// <summary>
/// The framework's per-run chat client factory (<see cref="ChatClientAgentRunOptions.ChatClientFactory"/>):
/// a recording chat client inserted there records on the agent's run. These tests pin down where the
/// factory's client sits, which decides how the agent wrapper can insert the ContextCompany chat client.
/// </summary>
public sealed class ChatClientFactoryTests : AgentTestBase
{
    [Fact]
    public async Task A_chat_client_added_per_run_records_on_the_agents_run_around_the_function_invocation_loop()
    {
        AIAgent agent = TestAgents.Create(Client, recordSteps: false);
        ChatClientAgentRunOptions options = new() { ChatClientFactory = configured => new StepRecordingChatClient(configured) };

        AgentResponse response = await agent.RunAsync("Where is order 1234?", options: options);

        Delivered delivered = await DeliveredAsync();
        JsonElement run = Assert.Single(delivered.Runs);
        Assert.Equal(response.Text, run.GetProperty("response").GetString());
        // The factory receives the agent's configured client, function invocation included: the inserted
        // client sees one call for the whole tool loop, which returns every message of the loop and the
        // final answer. No tool result ever comes back to it, so it records no tool call.
        JsonElement step = Assert.Single(delivered.ChildrenOf(run));
        Assert.Equal("step", step.GetProperty("type").GetString());
        Assert.Equal("stop", step.GetProperty("finish_reason").GetString());
        Assert.Equal("""[{"role":"user","content":"Where is order 1234?"}]""", step.GetProperty("prompt").GetString());
    }

    [Fact]
    public async Task The_factory_receives_a_pipeline_that_invokes_functions()
    {
        IChatClient? received = null;
        AIAgent agent = TestAgents.Create(Client, recordSteps: false);

        await agent.RunAsync("Hello", options: new ChatClientAgentRunOptions { ChatClientFactory = configured => received = configured });

        Assert.NotNull(received);
        Assert.NotNull(received.GetService<FunctionInvokingChatClient>());
        Assert.NotNull(received.GetService<ScriptedChatClient>());
    }
}
