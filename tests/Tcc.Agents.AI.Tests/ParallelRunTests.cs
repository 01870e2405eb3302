using System.Globalization;
using System.Text.Json;
using ContextCompany.Agents.AI.Tests.Infrastructure;
using Microsoft.Agents.AI;
using Xunit;

namespace ContextCompany.Agents.AI.Tests;

/// <summary>Concurrent runs of one agent each keep their own children.</summary>
public sealed class ParallelRunTests : AgentTestBase
{
    [Fact]
    public async Task Fifty_runs_in_parallel_each_have_their_own_steps_and_tool_call()
    {
        AIAgent agent = TestAgents.Create(Client);
        string[] orders = Enumerable.Range(1000, 50).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();

        await Task.WhenAll(orders.Select(async (order, i) =>
        {
            await Task.Yield();
            AgentSession session = await agent.CreateSessionAsync();
            if (i % 2 == 0)
            {
                await agent.RunAsync($"Where is order {order}?", session);
            }
            else
            {
                await foreach (AgentResponseUpdate update in agent.RunStreamingAsync($"Where is order {order}?", session))
                {
                    _ = update.Text;
                }
            }
        }));

        Delivered delivered = await DeliveredAsync();
        Assert.Equal(50, delivered.Runs.Length);
        Assert.Equal(50, delivered.Runs.Select(r => r.GetProperty("session_id").GetString()).Distinct().Count());
        Assert.Equal(50 * 4, delivered.Items.Length);
        foreach (JsonElement run in delivered.Runs)
        {
            string order = run.GetProperty("prompt").GetProperty("user_prompt").GetString()!["Where is order ".Length..^1];
            Assert.Equal($"Here is what I found: order {order} shipped.", run.GetProperty("response").GetString());
            JsonElement[] children = delivered.ChildrenOf(run);
            Assert.Equal(2, children.Count(c => c.GetProperty("type").GetString() == "step"));
            JsonElement tool = Assert.Single(children, c => c.GetProperty("type").GetString() == "tool_call");
            Assert.Equal($"{{\"orderId\":\"{order}\"}}", tool.GetProperty("args").GetString());
        }
    }
}
