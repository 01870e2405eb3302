using System.Text.Json;
using ContextCompany.Agents.AI.Tests.Infrastructure;
using Microsoft.Agents.AI;
using Xunit;

namespace ContextCompany.Agents.AI.Tests;

/// <summary>Failures, cancellation and early disposal end the run; the caller sees the same exception as without the SDK.</summary>
public sealed class FailureTests : AgentTestBase
{
    [Fact]
    public async Task A_failing_tool_is_an_errored_tool_call_of_a_run_that_still_succeeds()
    {
        AIAgent agent = TestAgents.Create(Client);

        AgentResponse response = await agent.RunAsync("Where is order 0000?");

        // The framework hands the tool's failure to the model, which answers: the run itself succeeded.
        Assert.Equal("Sorry, I could not look that order up right now.", response.Text);
        Delivered delivered = await DeliveredAsync();
        JsonElement run = Assert.Single(delivered.Runs);
        Assert.Equal(0, run.GetProperty("status_code").GetInt32());
        JsonElement tool = Assert.Single(delivered.ChildrenOf(run), c => c.GetProperty("type").GetString() == "tool_call");
        Assert.Equal(2, tool.GetProperty("status_code").GetInt32());
        Assert.Equal("order 0000 does not exist", tool.GetProperty("status_message").GetString());
    }

    [Fact]
    public async Task A_failing_model_call_ends_the_run_as_an_error_and_rethrows_the_same_exception()
    {
        AIAgent agent = TestAgents.Create(Client, decorate: model => new FailingChatClient(model));

        InvalidOperationException thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => agent.RunAsync("Where is order 1234?"));

        Assert.Same(FailingChatClient.Failure, thrown);
        AssertFailedRun(await DeliveredAsync());
    }

    [Fact]
    public async Task A_failing_model_call_in_a_stream_ends_the_run_as_an_error_and_rethrows_the_same_exception()
    {
        AIAgent agent = TestAgents.Create(Client, decorate: model => new FailingChatClient(model));

        InvalidOperationException thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (AgentResponseUpdate update in agent.RunStreamingAsync("Where is order 1234?"))
            {
                Assert.Fail("no update was expected, got " + update.Text);
            }
        });

        Assert.Same(FailingChatClient.Failure, thrown);
        AssertFailedRun(await DeliveredAsync());
    }

    [Fact]
    public async Task Cancellation_in_the_middle_of_a_stream_ends_the_run_as_canceled_with_the_text_so_far()
    {
        AIAgent agent = TestAgents.Create(Client, decorate: model => new StallingChatClient(model));
        using CancellationTokenSource cancel = new();
        List<string> received = [];

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (AgentResponseUpdate update in agent.RunStreamingAsync("Hello", cancellationToken: cancel.Token))
            {
                received.Add(update.Text);
                await cancel.CancelAsync();
            }
        });

        Assert.Equal(["Happy "], received);
        JsonElement run = Assert.Single((await DeliveredAsync()).Runs);
        Assert.Equal(2, run.GetProperty("status_code").GetInt32());
        Assert.Equal("canceled", run.GetProperty("status_message").GetString());
        Assert.Equal("Happy ", run.GetProperty("response").GetString());
    }

    [Fact]
    public async Task A_canceled_RunAsync_ends_the_run_as_canceled_and_rethrows()
    {
        AIAgent agent = TestAgents.Create(Client);
        using CancellationTokenSource cancel = new();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => agent.RunAsync("Hello", cancellationToken: cancel.Token));

        JsonElement run = Assert.Single((await DeliveredAsync()).Runs);
        Assert.Equal(2, run.GetProperty("status_code").GetInt32());
        Assert.Equal("canceled", run.GetProperty("status_message").GetString());
        Assert.Equal("Hello", run.GetProperty("prompt").GetProperty("user_prompt").GetString());
    }

    [Fact]
    public async Task A_stream_disposed_early_ends_the_run_successfully_with_the_text_read_so_far()
    {
        AIAgent agent = TestAgents.Create(Client);

        await foreach (AgentResponseUpdate update in agent.RunStreamingAsync("Hello"))
        {
            Assert.Equal("Happy ", update.Text);
            break;
        }

        Delivered delivered = await DeliveredAsync();
        JsonElement run = Assert.Single(delivered.Runs);
        Assert.Equal(0, run.GetProperty("status_code").GetInt32());
        Assert.Equal("Happy ", run.GetProperty("response").GetString());
        Assert.Single(delivered.ChildrenOf(run));
    }

    private static void AssertFailedRun(Delivered delivered)
    {
        JsonElement run = Assert.Single(delivered.Runs);
        Assert.Equal(2, run.GetProperty("status_code").GetInt32());
        Assert.Equal("model unavailable, api_key=[REDACTED]", run.GetProperty("status_message").GetString());
        Assert.Equal("Where is order 1234?", run.GetProperty("prompt").GetProperty("user_prompt").GetString());
        Assert.False(run.TryGetProperty("response", out _));
        JsonElement step = Assert.Single(delivered.ChildrenOf(run));
        Assert.Equal(2, step.GetProperty("status_code").GetInt32());
    }
}
