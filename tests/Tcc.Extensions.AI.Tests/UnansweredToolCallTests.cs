using System.Text.Json;
using ContextCompany.Extensions.AI.Recording;
using ContextCompany.Extensions.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static ContextCompany.Extensions.AI.Tests.Infrastructure.Recorded;

namespace ContextCompany.Extensions.AI.Tests;

/// <summary>
/// A model round whose tool calls no later round answers (no loop continues it): after
/// <see cref="ContextCompanyChatClientOptions.UnansweredToolCallTimeout"/> on the client's clock the calls end as
/// errors, and so does the run the client started. The clock is a fake one, advanced by the test.
/// </summary>
public sealed class UnansweredToolCallTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Unanswered_tool_calls_end_as_errors_after_the_timeout_and_so_does_the_run_the_client_started(bool streaming)
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        FakeTimeProvider clock = new();
        IChatClient chat = new FakeWeatherModel().AsBuilder()
            .UseContextCompany(o =>
            {
                o.Client = recorder.Client;
                o.UnansweredToolCallTimeout = Timeout;
                o.TimeProvider = clock;
            })
            .Build();

        // No function-invoking loop: the model's tool call goes back to a caller who never continues.
        await TwoRoundConversationTests.AskAsync(chat, streaming);

        clock.Advance(Timeout - TimeSpan.FromTicks(1));
        Recorded before = await recorder.ReceivedAsync();
        Assert.Empty(before.Runs);
        Assert.Empty(before.ToolCalls);

        clock.Advance(TimeSpan.FromTicks(1));
        Recorded recorded = await recorder.ReceivedAsync();
        JsonElement run = Assert.Single(recorded.Runs);
        Assert.Equal(2, Number(run, "status_code"));
        Assert.Equal(PendingRound.UnansweredRunMessage, Text(run, "status_message"));

        JsonElement step = Assert.Single(recorded.Steps);
        Assert.Equal(0, Number(step, "status_code"));
        Assert.Equal("tool_calls", Text(step, "finish_reason"));

        JsonElement tool = Assert.Single(recorded.ToolCalls);
        Assert.Equal(Text(run, "run_id"), Text(tool, "run_id"));
        Assert.Equal("get_weather", Text(tool, "tool_name"));
        Assert.Equal("""{"city":"London"}""", Text(tool, "args"));
        Assert.Equal(2, Number(tool, "status_code"));
        Assert.Equal(PendingRound.UnansweredMessage, Text(tool, "status_message"));
        Assert.False(Has(tool, "result"));
    }

    [Fact]
    public async Task A_round_answered_before_the_timeout_does_not_expire_later()
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        FakeTimeProvider clock = new();
        IChatClient chat = Pipelines.Build(new FakeWeatherModel(), Order.InsideFunctionInvocation, recorder.Client, o =>
        {
            o.UnansweredToolCallTimeout = Timeout;
            o.TimeProvider = clock;
        });

        await TwoRoundConversationTests.AskAsync(chat, streaming: false);
        clock.Advance(Timeout * 2);

        Recorded recorded = await recorder.ReceivedAsync();
        Assert.Equal(0, Number(Assert.Single(recorded.Runs), "status_code"));
        Assert.Equal(0, Number(Assert.Single(recorded.ToolCalls), "status_code"));
        Assert.Equal(2, recorded.Steps.Count);
    }
}
