using ContextCompany.Internal;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary><see cref="AgentRun.Current"/>: the run of the tracked call in progress, across awaits, nested.</summary>
public sealed class CurrentRunTests : LocalClientTestBase
{
    [Fact]
    public void Outside_a_tracked_call_there_is_no_current_run() => Assert.Null(AgentRun.Current);

    [Fact]
    public async Task Current_run_flows_across_awaits_and_nested_scopes_restore_the_outer_one()
    {
        AgentRun outer = Client.Run();
        AgentRun inner = Client.Run();
        using (TrackedRunScope.Enter(outer))
        {
            await Task.Yield();
            Assert.Same(outer, AgentRun.Current);
            using (TrackedRunScope.Enter(inner))
            {
                await Task.Delay(1);
                Assert.Same(inner, AgentRun.Current);
            }

            Assert.Same(outer, AgentRun.Current);
        }

        Assert.Null(AgentRun.Current);
    }

    [Fact]
    public async Task Concurrent_flows_each_see_their_own_run()
    {
        AgentRun[] runs = Enumerable.Range(0, 8).Select(_ => Client.Run()).ToArray();
        bool[] sawOwn = await Task.WhenAll(runs.Select(async run =>
        {
            using (TrackedRunScope.Enter(run))
            {
                await Task.Delay(10);
                return ReferenceEquals(run, AgentRun.Current);
            }
        }));

        Assert.All(sawOwn, Assert.True);
    }

    [Fact]
    public void Entering_a_null_run_throws() =>
        Assert.Equal("run", Assert.Throws<ArgumentNullException>(() => TrackedRunScope.Enter(null!)).ParamName);
}
