using ContextCompany.Extensions.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Xunit;
using static ContextCompany.Extensions.AI.Tests.Infrastructure.Recorded;

namespace ContextCompany.Extensions.AI.Tests;

/// <summary>Steps and tool calls attach to the current run (a tracked call or an activated run); no second run.</summary>
public sealed partial class CurrentRunTests
{
    public static TheoryData<Order> Orders => new() { Order.InsideFunctionInvocation, Order.OutsideFunctionInvocation };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Inside_a_tracked_agent_the_generated_run_receives_the_steps_and_the_tool_call(Order order)
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        TccClient tracked = Tcc.Configure(new TccOptions { ApiKey = "tcc_test_0123456789abcdef", BaseUrl = recorder.Server.BaseUrl, DiagnosticsToStandardError = false });
        IChatClient chat = Pipelines.Build(new FakeWeatherModel(), order, tracked);

        string answer = await new WeatherAgent(chat).AskAsync("Weather in London?");

        Assert.Equal(FakeWeatherModel.Answer, answer);
        Assert.True(await tracked.FlushAsync(TimeSpan.FromSeconds(30)));
        Recorded recorded = new(recorder.Server.RequestsTo("/v1/custom").Select(r => r.Json));
        var run = Assert.Single(recorded.Runs); // the generated run only: the chat client started none
        Assert.Equal("weather-agent", Text(run.GetProperty("metadata"), "tcc.agent"));
        Assert.Equal(FakeWeatherModel.Answer, Text(run, "response"));
        Assert.Equal(2, recorded.Steps.Count);
        Assert.Single(recorded.ToolCalls);
        Assert.All(recorded.Steps.Concat(recorded.ToolCalls), c => Assert.Equal(Text(run, "run_id"), Text(c, "run_id")));
    }

    [Fact]
    public async Task An_activated_run_receives_the_steps_and_stays_open_for_its_owner()
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        IChatClient chat = Pipelines.Build(new FakeWeatherModel(), Order.InsideFunctionInvocation, recorder.Client);
        AgentRun run = recorder.Client.Run().Prompt("Weather in London?");
        using (run.Activate())
        {
            await TwoRoundConversationTests.AskAsync(chat, streaming: false, "Weather in London?");
        }

        Assert.False(run.IsEnded);
        run.Response("done").End();
        Recorded recorded = await recorder.ReceivedAsync();
        Assert.Equal(run.RunId, Text(Assert.Single(recorded.Runs), "run_id"));
        Assert.Equal(2, recorded.Steps.Count);
        Assert.Equal(run.RunId, Text(Assert.Single(recorded.ToolCalls), "run_id"));
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Fifty_parallel_runs_each_get_their_own_children(Order order)
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        IChatClient chat = Pipelines.Build(new FakeWeatherModel(), order, recorder.Client);

        string[] questions = Enumerable.Range(0, 50).Select(i => $"Weather in city {i}?").ToArray();
        await Task.WhenAll(questions.Select((q, i) => Task.Run(() => TwoRoundConversationTests.AskAsync(chat, streaming: i % 2 == 0, q))));

        Recorded recorded = await recorder.ReceivedAsync();
        Assert.Equal(50, recorded.Runs.Count);
        Assert.Equal(100, recorded.Steps.Count);
        Assert.Equal(50, recorded.ToolCalls.Count);
        foreach (var run in recorded.Runs)
        {
            string runId = Text(run, "run_id");
            string question = Text(run.GetProperty("prompt"), "user_prompt");
            Assert.Equal(2, recorded.Steps.Count(s => Text(s, "run_id") == runId && Text(s, "prompt").Contains(question, StringComparison.Ordinal)));
            Assert.Equal(FakeWeatherModel.CallIdFor(question), Text(recorded.ToolCalls.Single(t => Text(t, "run_id") == runId), "tool_call_id"));
        }
    }

    public sealed partial class WeatherAgent(IChatClient chat)
    {
        [TrackedAgent("weather-agent")]
        public partial Task<string> AskAsync([Prompt] string question);

        private async Task<string> AskCoreAsync(string question) =>
            (await chat.GetResponseAsync(question, Pipelines.WeatherOptions())).Text;
    }
}
