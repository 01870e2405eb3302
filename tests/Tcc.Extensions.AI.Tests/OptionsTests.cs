using System.Text.Json;
using ContextCompany.Extensions.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Xunit;
using static ContextCompany.Extensions.AI.Tests.Infrastructure.Recorded;

namespace ContextCompany.Extensions.AI.Tests;

/// <summary>The options the README lists, each as it says, in both orders.</summary>
public sealed class OptionsTests
{
    public static TheoryData<Order, bool> Orders => TwoRoundConversationTests.Orders;

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task Without_content_capture_prompts_responses_arguments_and_results_are_empty_strings_and_the_rest_is_kept(Order order, bool streaming)
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        IChatClient chat = Pipelines.Build(new FakeWeatherModel(), order, recorder.Client, o => o.CaptureMessageContent = false);

        Assert.Equal(FakeWeatherModel.Answer, await TwoRoundConversationTests.AskAsync(chat, streaming));

        Recorded recorded = await recorder.ReceivedAsync();
        JsonElement run = Assert.Single(recorded.Runs);
        Assert.Equal("", Text(run.GetProperty("prompt"), "user_prompt"));
        Assert.Equal("", Text(run, "response"));
        Assert.Equal(0, Number(run, "status_code"));
        Assert.Equal(2, recorded.Steps.Count);
        Assert.All(recorded.Steps, s =>
        {
            Assert.Equal("", Text(s, "prompt"));
            Assert.Equal("", Text(s, "response"));
            Assert.Equal(FakeWeatherModel.Model, Text(s, "model_requested"));
            Assert.True(Has(s, "tool_definitions"));
            Assert.Equal(streaming, Has(s, "ttft_ms"));
        });
        JsonElement answerRound = recorded.Steps[1];
        Assert.Equal(FakeWeatherModel.ModelVersion, Text(answerRound, "model_used"));
        Assert.Equal("stop", Text(answerRound, "finish_reason"));
        Assert.True(Has(answerRound, "completion_tokens") && Has(answerRound, "prompt_cached_tokens") && Has(answerRound, "prompt_uncached_tokens"));
        JsonElement tool = Assert.Single(recorded.ToolCalls);
        Assert.Equal("get_weather", Text(tool, "tool_name"));
        Assert.Equal(FakeWeatherModel.CallIdFor("What is the weather in London?"), Text(tool, "tool_call_id"));
        Assert.Equal("", Text(tool, "args"));
        Assert.Equal("", Text(tool, "result"));
        Assert.Equal(0, Number(tool, "status_code"));
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task TransformContent_is_applied_to_every_recorded_text(Order order, bool streaming)
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        IChatClient chat = Pipelines.Build(new FakeWeatherModel(), order, recorder.Client, o => o.TransformContent = text => text.Replace("London", "[CITY]", StringComparison.Ordinal));

        await TwoRoundConversationTests.AskAsync(chat, streaming);

        Recorded recorded = await recorder.ReceivedAsync();
        JsonElement run = Assert.Single(recorded.Runs);
        JsonElement tool = Assert.Single(recorded.ToolCalls);
        string[] texts =
        [
            Text(run.GetProperty("prompt"), "user_prompt"), Text(run, "response"),
            .. recorded.Steps.SelectMany(s => new[] { Text(s, "prompt"), Text(s, "response") }),
            Text(tool, "args"), Text(tool, "result"),
        ];
        Assert.All(texts, t => Assert.Contains("[CITY]", t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain("London", t, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task With_StartRuns_false_and_no_current_run_nothing_is_recorded(Order order, bool streaming)
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        IChatClient chat = Pipelines.Build(new FakeWeatherModel(), order, recorder.Client, o => o.StartRuns = false);

        Assert.Equal(FakeWeatherModel.Answer, await TwoRoundConversationTests.AskAsync(chat, streaming));

        Recorded recorded = await recorder.ReceivedAsync();
        Assert.Empty(recorded.Runs);
        Assert.Empty(recorded.Steps);
        Assert.Empty(recorded.ToolCalls);
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task A_second_UseContextCompany_in_the_pipeline_records_nothing_more(Order order, bool streaming)
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        IChatClient once = Pipelines.Build(new FakeWeatherModel(), order, recorder.Client);
        IChatClient twice = once.AsBuilder().UseContextCompany(o => o.Client = recorder.Client).Build();

        await TwoRoundConversationTests.AskAsync(twice, streaming);

        Recorded recorded = await recorder.ReceivedAsync();
        Assert.Single(recorded.Runs);
        Assert.Equal(2, recorded.Steps.Count);
        Assert.Single(recorded.ToolCalls);
    }

    [Fact]
    public async Task The_requested_model_is_ChatOptions_ModelId_when_set()
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        IChatClient chat = Pipelines.Build(new FakeWeatherModel(), Order.InsideFunctionInvocation, recorder.Client);
        ChatOptions options = Pipelines.WeatherOptions();
        options.ModelId = "fake-weather-2";

        await TwoRoundConversationTests.AskAsync(chat, streaming: false, options: options);

        Recorded recorded = await recorder.ReceivedAsync();
        Assert.All(recorded.Steps, s => Assert.Equal("fake-weather-2", Text(s, "model_requested")));
    }
}
