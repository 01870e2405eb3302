using ContextCompany.Extensions.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Xunit;
using static ContextCompany.Extensions.AI.Tests.Infrastructure.Recorded;

namespace ContextCompany.Extensions.AI.Tests;

/// <summary>Failures end the step (and a run the client started) with status 2; the caller sees the original exception.</summary>
public sealed class FailureTests
{
    private static readonly ChatMessage[] AnsweredConversation =
    [
        new(ChatRole.User, "hi"),
        new(ChatRole.Assistant, [new FunctionCallContent("c0", "get_weather")]),
        new(ChatRole.Tool, [new FunctionResultContent("c0", "{}")]),
    ];

    public static TheoryData<Order, bool> Orders => TwoRoundConversationTests.Orders;

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task A_model_failure_is_rethrown_unchanged_and_recorded_as_an_error(Order order, bool streaming)
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        HttpRequestException failure = new("model unavailable, api_key=sk-abcdefghijklmnopqrstuvwx");
        IChatClient chat = Pipelines.Build(new FakeWeatherModel { Failure = failure }, order, recorder.Client);

        HttpRequestException thrown = await Assert.ThrowsAsync<HttpRequestException>(() => TwoRoundConversationTests.AskAsync(chat, streaming));

        Assert.Same(failure, thrown);
        Recorded recorded = await recorder.ReceivedAsync();
        var step = Assert.Single(recorded.Steps);
        var run = Assert.Single(recorded.Runs);
        Assert.Equal(2, Number(step, "status_code"));
        Assert.Equal(2, Number(run, "status_code"));
        Assert.Equal("model unavailable, api_key=[REDACTED]", Text(step, "status_message"));
        Assert.Equal(Text(run, "run_id"), Text(step, "run_id"));
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task A_tool_failure_is_a_tool_call_with_status_2_and_the_loop_goes_on(Order order, bool streaming)
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        IChatClient chat = Pipelines.Build(new FakeWeatherModel(), order, recorder.Client);

        await TwoRoundConversationTests.AskAsync(chat, streaming, options: Pipelines.WeatherOptions(Pipelines.Weather(city => $"no station in {city}")));

        Recorded recorded = await recorder.ReceivedAsync();
        var tool = Assert.Single(recorded.ToolCalls);
        Assert.Equal(2, Number(tool, "status_code"));
        Assert.Equal("get_weather", Text(tool, "tool_name"));
        Assert.Equal("no station in London", Text(tool, "status_message"));
        Assert.False(Has(tool, "result"));
        Assert.Equal(2, recorded.Steps.Count);
        Assert.Equal(0, Number(Assert.Single(recorded.Runs), "status_code"));
    }

    [Theory]
    [InlineData(Order.InsideFunctionInvocation)]
    [InlineData(Order.OutsideFunctionInvocation)]
    public async Task Cancellation_mid_stream_ends_the_step_and_run_as_errors(Order order)
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        FakeWeatherModel model = new() { HoldStreamAfterFirstChunk = new TaskCompletionSource() };
        IChatClient chat = Pipelines.Build(model, order, recorder.Client);
        using CancellationTokenSource cancel = new();

        // A conversation the model answers in text at once (the loop holds back tool-call chunks, not text).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync(AnsweredConversation, Pipelines.WeatherOptions(), cancel.Token))
            {
                cancel.Cancel(); // after the first chunk, while the model holds the stream
            }
        });

        Recorded recorded = await recorder.ReceivedAsync();
        Assert.Equal(2, Number(Assert.Single(recorded.Steps), "status_code"));
        Assert.Equal(2, Number(Assert.Single(recorded.Runs), "status_code"));
        Assert.Empty(recorded.ToolCalls);
        Assert.Equal(1, model.Calls);
    }

    [Theory]
    [InlineData(Order.InsideFunctionInvocation)]
    [InlineData(Order.OutsideFunctionInvocation)]
    public async Task Disposing_a_stream_early_ends_the_step_with_what_arrived(Order order)
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        FakeWeatherModel model = new();
        IChatClient chat = Pipelines.Build(model, order, recorder.Client);

        // A conversation the model answers in text at once: stop after the first chunk.
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync(AnsweredConversation))
        {
            Assert.Equal("It is 15", update.Text);
            break;
        }

        Recorded recorded = await recorder.ReceivedAsync();
        var step = Assert.Single(recorded.Steps);
        Assert.Equal(0, Number(step, "status_code"));
        Assert.Equal("It is 15", Text(step, "response"));
        Assert.Equal("[TCC] The caller stopped reading the stream before it completed", Text(step, "status_message"));
        Assert.True(Has(step, "ttft_ms"));
        Assert.Equal("It is 15", Text(Assert.Single(recorded.Runs), "response"));
    }
}
