using ContextCompany.Internal;
using ContextCompany.Model;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>
/// <see cref="TrackedRunStream"/>, the object an <c>IAsyncEnumerable&lt;string&gt;</c> tracked wrapper returns: each
/// enumeration is its own run, every chunk and the disposal run with the run current while the caller never sees
/// it, the chunks become the response, and the end, an exception and early disposal each end the run once.
/// </summary>
public sealed class TrackedRunStreamTests : LocalClientTestBase
{
    private static readonly AsyncLocal<string?> CallerValue = new();

    [Fact]
    public async Task Every_chunk_and_the_disposal_run_with_the_run_current_and_the_caller_never_sees_it()
    {
        List<AgentRun?> seenByImplementation = [];
        TestStream stream = new(Client, _ => Chunks(["a", "b", "c"], seenByImplementation, pause: true));

        List<AgentRun?> seenByCaller = [];
        await foreach (string chunk in stream)
        {
            seenByCaller.Add(AgentRun.Current);
            await Task.Yield();
        }

        AgentRun run = Assert.Single(stream.Runs);
        Assert.Equal(5, seenByImplementation.Count); // three chunks, the end of the stream, its finally block
        Assert.All(seenByImplementation, seen => Assert.Same(run, seen));
        Assert.All(seenByCaller, Assert.Null);
        Assert.Null(AgentRun.Current);
        Assert.True(run.IsEnded);
        Assert.Equal(RecordStatus.Unset, run.StatusCode);
        Assert.Equal("abc", run.ResponseText);
    }

    [Fact]
    public async Task Chunks_that_are_ready_and_chunks_that_are_pending_are_passed_on_alike()
    {
        foreach (bool pause in new[] { false, true })
        {
            List<AgentRun?> seen = [];
            TestStream stream = new(Client, _ => Chunks(["one ", null, "two ", "three"], seen, pause));
            List<string?> received = [];
            await foreach (string chunk in stream)
            {
                received.Add(chunk);
            }

            Assert.Equal(["one ", null, "two ", "three"], received);
            Assert.Equal("one two three", Assert.Single(stream.Runs).ResponseText); // a null chunk adds nothing
        }
    }

    [Fact]
    public async Task A_long_stream_of_chunks_of_every_size_becomes_its_whole_response()
    {
        string[] chunks = Enumerable.Range(0, 1_000).Select(i => new string((char)('a' + (i % 26)), i % 97)).ToArray();
        TestStream stream = new(Client, _ => Chunks(chunks, [], pause: false));
        int received = 0;
        await foreach (string _ in stream)
        {
            received++;
        }

        Assert.Equal(chunks.Length, received);
        Assert.Equal(string.Concat(chunks), Assert.Single(stream.Runs).ResponseText);
    }

    [Fact]
    public async Task The_implementation_keeps_the_context_of_the_call_that_started_it_as_an_async_method_does()
    {
        List<string?> seen = [];
        TestStream stream = new(Client, _ => Observe(seen));
        await using IAsyncEnumerator<string> chunks = stream.GetAsyncEnumerator();
        CallerValue.Value = "at the start";
        Assert.True(await chunks.MoveNextAsync());
        CallerValue.Value = "changed by the caller later";
        Assert.True(await chunks.MoveNextAsync());
        Assert.False(await chunks.MoveNextAsync());

        Assert.Equal(["at the start", "at the start"], seen);
        Assert.Equal("changed by the caller later", CallerValue.Value);
    }

    [Fact]
    public async Task With_flow_suppressed_each_chunk_still_runs_with_the_run_current()
    {
        List<AgentRun?> seen = [];
        TestStream stream = new(Client, _ => Chunks(["x", "y"], seen, pause: false));
        using (ExecutionContext.SuppressFlow())
        {
            EnumerateReadyChunks(stream.GetAsyncEnumerator());
        }

        Assert.Equal(4, seen.Count);
        Assert.All(seen, current => Assert.Same(Assert.Single(stream.Runs), current));
        Assert.Null(AgentRun.Current);
        await Task.Yield();
    }

    [Fact]
    public async Task A_stream_never_enumerated_starts_no_run_and_each_enumeration_is_its_own_run()
    {
        TestStream never = new(Client, _ => Chunks(["a"], [], pause: false));
        await using (never.GetAsyncEnumerator())
        {
        }

        Assert.Empty(never.Runs);

        TestStream twice = new(Client, _ => Chunks(["a", "b"], [], pause: true));
        await foreach (string _ in twice)
        {
        }

        await foreach (string _ in twice)
        {
        }

        Assert.Equal(2, twice.Runs.Count);
        Assert.NotSame(twice.Runs[0], twice.Runs[1]);
        Assert.All(twice.Runs, run => Assert.Equal("ab", run.ResponseText));
    }

    [Fact]
    public async Task An_exception_ends_the_run_as_an_error_with_the_chunks_so_far_and_reaches_the_caller()
    {
        foreach (bool pause in new[] { false, true })
        {
            TestStream stream = new(Client, _ => Throws(pause));
            List<string> received = [];
            InvalidOperationException thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                await foreach (string chunk in stream)
                {
                    received.Add(chunk);
                }
            });

            Assert.Equal("stream broke", thrown.Message);
            Assert.Contains(nameof(Throws), thrown.StackTrace); // the implementation's own stack
            Assert.Equal(["before "], received);
            AgentRun run = Assert.Single(stream.Runs);
            Assert.Equal(RecordStatus.Error, run.StatusCode);
            Assert.Equal("stream broke", run.StatusMessage);
            Assert.Equal("before ", run.ResponseText);
        }
    }

    [Fact]
    public async Task Early_disposal_ends_the_run_with_what_the_caller_received_and_runs_the_implementations_finally_with_the_run_current()
    {
        List<AgentRun?> seen = [];
        TestStream stream = new(Client, _ => Chunks(["alpha ", "beta ", "gamma"], seen, pause: true));
        await foreach (string chunk in stream)
        {
            if (chunk == "beta ")
            {
                break;
            }
        }

        AgentRun run = Assert.Single(stream.Runs);
        Assert.Equal(RecordStatus.Unset, run.StatusCode);
        Assert.Equal("alpha beta ", run.ResponseText);
        Assert.Equal(3, seen.Count); // two chunks and the finally block
        Assert.All(seen, current => Assert.Same(run, current));
    }

    [Fact]
    public async Task A_run_the_implementation_ended_itself_is_not_ended_again()
    {
        TestStream stream = new(Client, run => EndsItself(run));
        await foreach (string _ in stream)
        {
        }

        AgentRun ended = Assert.Single(stream.Runs);
        Assert.Equal("from the implementation", ended.ResponseText);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task The_methods_token_and_the_enumerators_token_are_combined_as_EnumeratorCancellation_does(bool cancelDeclared, bool cancelEnumerator)
    {
        using CancellationTokenSource declared = new();
        using CancellationTokenSource enumerator = new();
        CancellationToken passed = default;
        TestStream stream = new(Client, _ => Chunks(["a", "b"], [], pause: true), takesToken: true, declared.Token, token => passed = token);
        await using IAsyncEnumerator<string> chunks = stream.GetAsyncEnumerator(enumerator.Token);
        Assert.True(await chunks.MoveNextAsync());

        (cancelDeclared ? declared : cancelEnumerator ? enumerator : null)?.Cancel();
        Assert.Equal(cancelDeclared || cancelEnumerator, passed.IsCancellationRequested);
        Assert.True(passed.CanBeCanceled);
    }

    [Fact]
    public async Task One_token_alone_is_passed_as_it_is_and_without_a_token_parameter_the_enumerators_is_not_used()
    {
        using CancellationTokenSource source = new();
        CancellationToken passed = default;
        TestStream declaredOnly = new(Client, _ => Chunks(["a"], [], pause: false), takesToken: true, source.Token, token => passed = token);
        await foreach (string _ in declaredOnly)
        {
        }

        Assert.Equal(source.Token, passed);

        TestStream enumeratorOnly = new(Client, _ => Chunks(["a"], [], pause: false), takesToken: true, default, token => passed = token);
        await foreach (string _ in enumeratorOnly.WithCancellation(source.Token))
        {
        }

        Assert.Equal(source.Token, passed);

        TestStream noParameter = new(Client, _ => Chunks(["a"], [], pause: false), takesToken: false, default, token => passed = token);
        await foreach (string _ in noParameter.WithCancellation(source.Token))
        {
        }

        Assert.False(passed.CanBeCanceled);
    }

    [Fact]
    public async Task A_run_that_fails_to_start_reaches_the_caller_and_nothing_is_called()
    {
        bool called = false;
        TestStream stream = new(Client, _ =>
        {
            called = true;
            return Chunks(["a"], [], pause: false);
        })
        { StartFails = true };

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (string _ in stream)
            {
            }
        });

        Assert.False(called);
    }

    /// <summary>Enumerates a stream whose chunks are all ready, on this thread: no await, so flow can stay suppressed.</summary>
    private static void EnumerateReadyChunks(IAsyncEnumerator<string> chunks)
    {
        while (true)
        {
            ValueTask<bool> moved = chunks.MoveNextAsync();
            Assert.True(moved.IsCompletedSuccessfully);
            if (!moved.Result)
            {
                break;
            }
        }

        Assert.True(chunks.DisposeAsync().IsCompletedSuccessfully);
    }

    private static async IAsyncEnumerable<string?> Chunks(string?[] chunks, List<AgentRun?> seen, bool pause)
    {
        try
        {
            foreach (string? chunk in chunks)
            {
                if (pause)
                {
                    await Task.Yield();
                }

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

    private static async IAsyncEnumerable<string?> Throws(bool pause)
    {
        yield return "before ";
        if (pause)
        {
            await Task.Yield();
        }

        throw new InvalidOperationException("stream broke");
    }

    private static async IAsyncEnumerable<string?> EndsItself(AgentRun run)
    {
        await Task.Yield();
        yield return "chunk";
        run.Prompt("p").Response("from the implementation").End();
    }

    /// <summary>A stream as the generator writes one, over a delegate instead of a method of the user's type.</summary>
    private sealed class TestStream : TrackedRunStream
    {
        private readonly TccClient _client;
        private readonly Func<AgentRun, IAsyncEnumerable<string?>> _implementation;
        private readonly bool _takesToken;
        private readonly CancellationToken _cancellationToken;
        private readonly Action<CancellationToken>? _onToken;
        private readonly List<AgentRun> _runs;

        public TestStream(
            TccClient client,
            Func<AgentRun, IAsyncEnumerable<string?>> implementation,
            bool takesToken = false,
            CancellationToken cancellationToken = default,
            Action<CancellationToken>? onToken = null)
            : this(client, implementation, takesToken, cancellationToken, onToken, [])
        {
        }

        private TestStream(
            TccClient client,
            Func<AgentRun, IAsyncEnumerable<string?>> implementation,
            bool takesToken,
            CancellationToken cancellationToken,
            Action<CancellationToken>? onToken,
            List<AgentRun> runs)
        {
            _client = client;
            _implementation = implementation;
            _takesToken = takesToken;
            _cancellationToken = cancellationToken;
            _onToken = onToken;
            _runs = runs;
        }

        /// <summary>The runs of every enumeration, the second one's included (it is another stream object).</summary>
        public IReadOnlyList<AgentRun> Runs => _runs;

        public bool StartFails { get; init; }

        protected override CancellationToken? DeclaredCancellationToken => _takesToken ? _cancellationToken : null;

        protected override AgentRun StartRun()
        {
            if (StartFails)
            {
                throw new InvalidOperationException("no run");
            }

            AgentRun run = _client.Run().Prompt("streamed");
            lock (_runs)
            {
                _runs.Add(run);
            }

            return run;
        }

        protected override IAsyncEnumerable<string?> Chunks(AgentRun run, CancellationToken cancellationToken)
        {
            _onToken?.Invoke(cancellationToken);
            return _implementation(run);
        }

        protected override TrackedRunStream Clone() =>
            new TestStream(_client, _implementation, _takesToken, _cancellationToken, _onToken, _runs) { StartFails = StartFails };
    }
}
