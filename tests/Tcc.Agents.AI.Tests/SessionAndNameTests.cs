using System.Text.Json;
using ContextCompany.Agents.AI.Tests.Infrastructure;
using Microsoft.Agents.AI;
using SupportAgent.Agents;
using Xunit;

namespace ContextCompany.Agents.AI.Tests;

/// <summary>The run's session id comes from the framework's session; its tcc.agent from the agent's name or the options.</summary>
public sealed class SessionAndNameTests : AgentTestBase
{
    [Fact]
    public async Task Runs_of_one_session_share_a_session_id_and_other_sessions_do_not()
    {
        AIAgent agent = TestAgents.Create(Client);
        AgentSession first = await agent.CreateSessionAsync();
        AgentSession second = await agent.CreateSessionAsync();

        await agent.RunAsync("Hello", first);
        await agent.RunAsync("Where is order 1234?", first);
        await agent.RunAsync("Hello", second);
        await agent.RunAsync("Hello");

        JsonElement[] runs = (await DeliveredAsync()).Runs;
        Assert.Equal(4, runs.Length);
        JsonElement[] withSession = runs.Where(r => r.TryGetProperty("session_id", out _)).ToArray();
        Assert.Equal(3, withSession.Length);
        Assert.All(withSession, r => Assert.True(r.GetProperty("conversational").GetBoolean()));
        Assert.Equal([1, 2], withSession.GroupBy(r => r.GetProperty("session_id").GetString()).Select(g => g.Count()).Order().ToArray());
        JsonElement alone = Assert.Single(runs, r => !r.TryGetProperty("session_id", out _));
        Assert.False(alone.TryGetProperty("conversational", out _));
    }

    [Fact]
    public async Task A_session_keeps_its_session_id_when_it_is_serialized_and_restored()
    {
        AIAgent agent = TestAgents.Create(Client);
        AgentSession session = await agent.CreateSessionAsync();
        await agent.RunAsync("Hello", session);

        JsonElement saved = await agent.SerializeSessionAsync(session);
        AgentSession restored = await agent.DeserializeSessionAsync(saved);
        await agent.RunAsync("Where is order 1234?", restored);

        JsonElement[] runs = (await DeliveredAsync()).Runs;
        Assert.Equal(2, runs.Length);
        Assert.Single(runs.Select(r => r.GetProperty("session_id").GetString()).Distinct());
    }

    [Fact]
    public async Task The_agent_name_option_replaces_the_agents_own_name()
    {
        AIAgent agent = TestAgents.Create(Client, configure: o => o.AgentName = "billing-agent");

        await agent.RunAsync("Hello");

        JsonElement run = Assert.Single((await DeliveredAsync()).Runs);
        Assert.Equal("""{"tcc.agent":"billing-agent"}""", run.GetProperty("metadata").GetRawText());
    }

    [Fact]
    public async Task An_agent_without_a_name_records_runs_without_tcc_agent()
    {
        AIAgent agent = TestAgents.Create(Client, name: null);

        await agent.RunAsync("Hello");

        JsonElement run = Assert.Single((await DeliveredAsync()).Runs);
        Assert.False(run.TryGetProperty("metadata", out _));
        Assert.Equal("Hello", run.GetProperty("prompt").GetProperty("user_prompt").GetString());
    }

    [Fact]
    public async Task An_agent_named_after_a_dashboard_route_is_recorded_without_the_name()
    {
        // As for any run: the runtime drops the reserved tcc.agent value when exporting, and the run is kept.
        AIAgent agent = TestAgents.Create(Client, name: " Runs ");

        AgentResponse response = await agent.RunAsync("Hello");

        Delivered delivered = await DeliveredAsync();
        JsonElement run = Assert.Single(delivered.Runs);
        Assert.False(run.TryGetProperty("metadata", out _));
        Assert.Equal(response.Text, run.GetProperty("response").GetString());
        Assert.Single(delivered.ChildrenOf(run));
    }

    [Theory]
    [InlineData("runs")]
    [InlineData(" Settings ")]
    [InlineData("")]
    [InlineData("   ")]
    public void A_reserved_or_empty_agent_name_option_throws_at_UseContextCompany(string name)
    {
        AIAgentBuilder builder = new ChatClientAgent(new ScriptedChatClient()).AsBuilder();

        ArgumentException e = Assert.Throws<ArgumentException>(() => builder.UseContextCompany(o => o.AgentName = name));

        Assert.Equal("configure", e.ParamName);
        Assert.StartsWith("[TCC] ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_arguments_throw_at_the_call()
    {
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => ContextCompanyAgentBuilderExtensions.UseContextCompany(null!)).ParamName);
        Assert.Equal("innerAgent", Assert.Throws<ArgumentNullException>(() => new ContextCompanyAgent(null!)).ParamName);
        Assert.Throws<ArgumentException>(() => new ContextCompanyAgent(new ChatClientAgent(new ScriptedChatClient()), new ContextCompanyAgentOptions { AgentName = "feedback" }));
    }
}
