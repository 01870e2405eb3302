using System.Text.Json;
using ContextCompany.Agents.AI.Tests.Infrastructure;
using ContextCompany.Tests.Infrastructure;
using Microsoft.Agents.AI;
using Xunit;

namespace ContextCompany.Agents.AI.Tests;

/// <summary>A [TrackedAgent] entry point that calls a recorded agent: the user's call is one run.</summary>
[Collection(DefaultClientCollection.Name)]
public sealed class TrackedAgentTests : IAsyncLifetime
{
    private IngestServer _server = null!;

    public async Task InitializeAsync()
    {
        // Tracked wrappers record on the default client: point it at this test's server.
        _server = await IngestServer.StartAsync();
        Tcc.Configure(o =>
        {
            o.ApiKey = "tcc_test_0123456789abcdef";
            o.BaseUrl = _server.BaseUrl;
            o.LocalRunSummaries = false;
            o.DiagnosticsToStandardError = false;
        });
    }

    public async Task DisposeAsync()
    {
        await Tcc.ShutdownAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_recorded_agent_inside_a_tracked_call_adds_its_children_to_the_tracked_run_and_no_run_of_its_own()
    {
        FrontDesk desk = new(TestAgents.Create(Tcc.Client));

        string answer = await desk.AskAsync("Where is order 1234?");

        Assert.True(await Tcc.FlushAsync(TimeSpan.FromSeconds(30)));
        Delivered delivered = Delivered.From(_server);
        JsonElement run = Assert.Single(delivered.Runs);
        Assert.Equal("front-desk", run.GetProperty("metadata").GetProperty("tcc.agent").GetString());
        Assert.Equal("Where is order 1234?", run.GetProperty("prompt").GetProperty("user_prompt").GetString());
        Assert.Equal(answer, run.GetProperty("response").GetString());
        JsonElement[] children = delivered.ChildrenOf(run);
        Assert.Equal(2, children.Count(c => c.GetProperty("type").GetString() == "step"));
        Assert.Single(children, c => c.GetProperty("type").GetString() == "tool_call");
        Assert.Equal(3, delivered.Items.Length - 1);
    }

    [Fact]
    public async Task A_streamed_agent_inside_a_tracked_call_records_no_run_of_its_own()
    {
        FrontDesk desk = new(TestAgents.Create(Tcc.Client));

        List<string> chunks = [];
        await foreach (string chunk in desk.StreamAsync("Where is order 1234?"))
        {
            chunks.Add(chunk);
        }

        Assert.True(await Tcc.FlushAsync(TimeSpan.FromSeconds(30)));
        Delivered delivered = Delivered.From(_server);
        JsonElement run = Assert.Single(delivered.Runs);
        Assert.Equal(string.Concat(chunks), run.GetProperty("response").GetString());
        Assert.Equal(3, delivered.ChildrenOf(run).Length);
    }
}

/// <summary>An application's entry point, tracked by the generated wrapper, that delegates to an agent.</summary>
public sealed partial class FrontDesk(AIAgent agent)
{
    [TrackedAgent("front-desk")]
    public partial Task<string> AskAsync([Prompt] string question);

    [TrackedAgent("front-desk")]
    public partial IAsyncEnumerable<string> StreamAsync([Prompt] string question);

    private async Task<string> AskCoreAsync(string question) => (await agent.RunAsync(question)).Text;

    private async IAsyncEnumerable<string> StreamCoreAsync(string question)
    {
        await foreach (AgentResponseUpdate update in agent.RunStreamingAsync(question))
        {
            yield return update.Text;
        }
    }
}

/// <summary>Tests that configure the process-wide default client run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DefaultClientCollection
{
    public const string Name = "Default client";
}
