using ContextCompany.Internal;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>
/// <see cref="TrackedRunStream"/>, the runtime half of an <c>IAsyncEnumerable&lt;string&gt;</c> tracked wrapper: every
/// chunk and the disposal run with the run current, the caller does not see it, and the chunks become the response.
/// </summary>
public sealed class TrackedRunStreamTests : LocalClientTestBase
{
    private static readonly AsyncLocal<string?> CallerValue = new();

    [Fact]
    public async Task Every_chunk_and_the_disposal_run_with_the_run_current_and_the_caller_never_sees_it()
    {
        AgentRun run = Client.Run();
        List<AgentRun?> seenByImplementation = [];
        TrackedRunStream stream = Start(run, Chunks(["a", "b", "c"], seenByImplementation));
        Assert.Null(AgentRun.Current); // starting does not leak the run into the caller

        List<AgentRun?> seenByCaller = [];
        while (await stream.MoveNextAsync())
        {
            stream.Next();
            seenByCaller.Add(AgentRun.Current);
            await Task.Yield();
        }

        await stream.DisposeAsync();
        Assert.Equal(5, seenByImplementation.Count); // three chunks, the end of the stream, its finally block
        Assert.All(seenByImplementation, seen => Assert.Same(run, seen));
        Assert.All(seenByCaller, Assert.Null);
        Assert.Null(AgentRun.Current);
    }

    [Fact]
    public async Task The_implementation_keeps_the_context_of_the_call_that_started_it_as_an_async_method_does()
    {
        AgentRun run = Client.Run();
        List<string?> seen = [];
        CallerValue.Value = "at the start";
        TrackedRunStream stream = Start(run, Observe(seen));
        CallerValue.Value = "changed by the caller later";

        while (await stream.MoveNextAsync())
        {
            stream.Next();
        }

        Assert.Equal(["at the start", "at the start"], seen);
    }

    [Fact]
    public async Task With_flow_suppressed_each_chunk_still_runs_with_the_run_current()
    {
        AgentRun run = Client.Run();
        List<AgentRun?> seen = [];
        TrackedRunStream stream;
        using (ExecutionContext.SuppressFlow())
        {
            stream = Start(run, Chunks(["x", "y"], seen));
        }

        while (await stream.MoveNextAsync())
        {
            stream.Next();
        }

        await stream.DisposeAsync();
        Assert.Equal(4, seen.Count);
        Assert.All(seen, current => Assert.Same(run, current));
    }

    [Fact]
    public async Task The_response_is_the_chunks_taken_so_far_with_null_chunks_adding_nothing()
    {
        AgentRun run = Client.Run();
        TrackedRunStream stream = Start(run, Chunks(["one ", null, "two ", "three"], []));
        Assert.Equal(string.Empty, stream.Response);

        Assert.True(await stream.MoveNextAsync());
        Assert.Equal("one ", stream.Next());
        Assert.Equal("one ", stream.Response);
        while (await stream.MoveNextAsync())
        {
            stream.Next();
        }

        Assert.Equal("one two three", stream.Response);
    }

    /// <summary>As the generated wrapper does, in the first step of an async method (which gives its caller's context back).</summary>
    private static TrackedRunStream Start(AgentRun run, IAsyncEnumerable<string?> chunks) => StartInStep(run, chunks).Result;

#pragma warning disable CS1998 // an async method without await: its builder restores the caller's context, as an async iterator's does
    private static async Task<TrackedRunStream> StartInStep(AgentRun run, IAsyncEnumerable<string?> chunks)
#pragma warning restore CS1998
    {
        TrackedRunStream stream = TrackedRunStream.Start(run);
        stream.Begin(chunks.GetAsyncEnumerator());
        return stream;
    }

    private static async IAsyncEnumerable<string?> Chunks(string?[] chunks, List<AgentRun?> seen)
    {
        try
        {
            foreach (string? chunk in chunks)
            {
                await Task.Yield();
                seen.Add(AgentRun.Current);
                yield return chunk;
            }

            seen.Add(AgentRun.Current);
        }
        finally
        {
            seen.Add(AgentRun.Current);
        }
    }

    private static async IAsyncEnumerable<string?> Observe(List<string?> seen)
    {
        for (int i = 0; i < 2; i++)
        {
            await Task.Delay(1);
            seen.Add(CallerValue.Value);
            yield return i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
