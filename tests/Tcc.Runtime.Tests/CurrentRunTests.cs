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

    [Fact]
    public async Task An_activated_manual_run_is_current_across_awaits_until_its_scope_ends()
    {
        AgentRun outer = Client.Run();
        AgentRun inner = Client.Run();
        using (outer.Activate())
        {
            await Task.Yield();
            Assert.Same(outer, AgentRun.Current);
            using (inner.Activate())
            {
                await Task.Delay(1);
                Assert.Same(inner, AgentRun.Current);
            }

            Assert.Same(outer, AgentRun.Current);
        }

        Assert.Null(AgentRun.Current);
    }

    [Fact]
    public async Task An_activated_run_is_not_current_in_the_caller_of_the_async_method_that_activated_it()
    {
        AgentRun run = Client.Run();
        await ActivateInsideAsync(run);
        Assert.Null(AgentRun.Current);

        static async Task ActivateInsideAsync(AgentRun run)
        {
            _ = run.Activate();
            await Task.Yield();
            Assert.Same(run, AgentRun.Current); // the scope is left open on purpose: the caller's flow is unaffected
        }
    }

    [Fact]
    public async Task A_tracked_scope_inside_an_activated_run_restores_the_activated_run()
    {
        AgentRun manual = Client.Run();
        AgentRun tracked = Client.Run();
        using (manual.Activate())
        {
            using (TrackedRunScope.Enter(tracked))
            {
                await Task.Yield();
                Assert.Same(tracked, AgentRun.Current);
            }

            Assert.Same(manual, AgentRun.Current);
        }
    }
}
