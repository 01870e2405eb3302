using System.Text.Json;
using ContextCompany.Agents.AI.Tests.Infrastructure;
using ContextCompany.Extensions.AI;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using SupportAgent.Agents;
using Xunit;

namespace ContextCompany.Agents.AI.Tests;

/// <summary>
/// The framework's per-run chat client factory (<see cref="ChatClientAgentRunOptions.ChatClientFactory"/>), through
/// which the agent wrapper adds the ContextCompany chat client: it composes with a factory of the caller's.
/// </summary>
public sealed class ChatClientFactoryTests : AgentTestBase
{
    [Fact]
    public async Task The_factory_receives_a_pipeline_that_invokes_functions()
    {
        IChatClient? received = null;
        AIAgent agent = TestAgents.Create(Client);

        await agent.RunAsync("Hello", options: new ChatClientAgentRunOptions { ChatClientFactory = configured => received = configured });

        Assert.NotNull(received);
        Assert.NotNull(received.GetService<FunctionInvokingChatClient>());
        Assert.NotNull(received.GetService<ScriptedChatClient>());
    }

    [Fact]
    public async Task The_callers_factory_is_used_and_the_steps_are_recorded_around_its_client()
    {
        int created = 0;
        AIAgent agent = TestAgents.Create(Client);
        ChatClientAgentRunOptions options = new() { ChatClientFactory = configured => { created++; return new ConfigureOptionsChatClient(configured, o => o.ModelId = "chosen-model"); } };

        await agent.RunAsync("Where is order 1234?", options: options);

        Assert.Equal(1, created);
        Delivered delivered = await DeliveredAsync();
        JsonElement run = Assert.Single(delivered.Runs);
        JsonElement[] steps = delivered.ChildrenOf(run).Where(c => c.GetProperty("type").GetString() == "step").ToArray();
        Assert.Equal(2, steps.Length);
        // The recording client stands around the caller's client, so it sees the request before the caller's change.
        Assert.All(steps, s => Assert.Equal(ScriptedChatClient.ModelId, s.GetProperty("model_requested").GetString()));
        Assert.Single(delivered.ChildrenOf(run), c => c.GetProperty("type").GetString() == "tool_call");
    }

    [Fact]
    public async Task The_callers_options_are_left_as_they_were()
    {
        AIAgent agent = TestAgents.Create(Client);
        ChatClientAgentRunOptions options = new();

        await agent.RunAsync("Where is order 1234?", options: options);
        await foreach (AgentResponseUpdate _ in agent.RunStreamingAsync("Where is order 1234?", options: options))
        {
        }

        Assert.Null(options.ChatClientFactory);
        Assert.Equal(2, (await DeliveredAsync()).Runs.Length);
    }

    [Fact]
    public async Task A_factory_that_returns_a_recording_client_is_not_wrapped_a_second_time()
    {
        AIAgent agent = TestAgents.Create(Client);
        ChatClientAgentRunOptions options = new() { ChatClientFactory = configured => new ContextCompanyChatClient(configured, new() { Client = Client }) };

        await agent.RunAsync("Where is order 1234?", options: options);

        Delivered delivered = await DeliveredAsync();
        JsonElement run = Assert.Single(delivered.Runs);
        Assert.Equal(3, delivered.ChildrenOf(run).Length);
    }
}
