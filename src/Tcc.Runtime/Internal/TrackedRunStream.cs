using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Threading;
using System.Threading.Tasks;

namespace ContextCompany.Internal;

/// <summary>
/// The implementation's stream inside an <c>IAsyncEnumerable&lt;string&gt;</c> tracked wrapper: each chunk is
/// produced with the run current, and the chunks are kept to become the run's response. For code written by
/// the ContextCompany source generator; not meant to be used directly.
/// </summary>
/// <remarks>
/// An async iterator runs each step on its caller's execution context, so the run has to be made current
/// again for every chunk. Setting an <c>AsyncLocal</c> creates a new execution context each time; instead the
/// context with the run current is captured once, when the stream starts, and each step runs on it
/// (<see cref="ExecutionContext.Run"/> switches to a captured context without creating one). The
/// implementation thus sees, for every chunk, the context of the call that started the stream, as the body of
/// an <c>async</c> method does. The chunks are copied once, into the response, when it is asked for.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TrackedRunStream
{
    private static readonly ContextCallback MoveNextOnContext = static state =>
    {
        TrackedRunStream stream = (TrackedRunStream)state!;
        stream._pending = stream._chunks.MoveNextAsync();
    };

    private static readonly ContextCallback DisposeOnContext = static state =>
    {
        TrackedRunStream stream = (TrackedRunStream)state!;
        stream._disposing = stream._chunks.DisposeAsync();
    };

    private readonly AgentRun _run;
    private IAsyncEnumerator<string?> _chunks = null!; // set by Begin, before the first MoveNextAsync
    private readonly ExecutionContext? _context;
    private ValueTask<bool> _pending;
    private ValueTask _disposing;
    private string? _firstChunk;
    private List<string>? _chunksSoFar;

    private TrackedRunStream(AgentRun run)
    {
        _run = run;
        _context = ExecutionContext.Capture(); // null when flow is suppressed
    }

    /// <summary>
    /// Makes <paramref name="run"/> current for the rest of the wrapper's first step and captures that context for
    /// every later chunk. Call it only from the first step of an async iterator, right before <see cref="Begin"/>:
    /// an async iterator hands its caller's context back at each <c>yield</c> and <c>await</c>, so the run is
    /// never current in the caller, and no second context has to be made to restore the first.
    /// </summary>
    /// <param name="run">The tracked call's run.</param>
    /// <returns>The stream, to <see cref="Begin"/> with the implementation's enumerator.</returns>
    public static TrackedRunStream Start(AgentRun run)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        AgentRun.SwapCurrent(run);
        return new TrackedRunStream(run);
    }

    /// <summary>Takes the implementation's enumerator, created (not started) while the run was current after <see cref="Start"/>.</summary>
    /// <param name="chunks">The implementation's enumerator (its chunks may be declared nullable).</param>
    public void Begin(IAsyncEnumerator<string?> chunks) => _chunks = chunks ?? throw new ArgumentNullException(nameof(chunks));

    /// <summary>Produces the next chunk with the run current.</summary>
    /// <returns>False at the end of the stream.</returns>
    public ValueTask<bool> MoveNextAsync()
    {
        if (_context is null)
        {
            return MoveNextInScopeAsync();
        }

        RunOnContext(MoveNextOnContext);
        return _pending;
    }

    /// <summary>The chunk the last successful <see cref="MoveNextAsync"/> moved to, kept for the response (a null chunk adds nothing).</summary>
    /// <returns>The chunk.</returns>
    public string? Next()
    {
        string? chunk = _chunks.Current;
        if (chunk is not null)
        {
            if (_firstChunk is null)
            {
                _firstChunk = chunk;
            }
            else
            {
                (_chunksSoFar ??= new List<string>(4) { _firstChunk }).Add(chunk);
            }
        }

        return chunk;
    }

    /// <summary>The chunks taken so far, joined: the run's response (empty when there were none).</summary>
    public string Response => _chunksSoFar is { } chunks ? string.Concat(chunks) : _firstChunk ?? string.Empty;

    /// <summary>Disposes the implementation's enumerator with the run current (its <c>finally</c> blocks run then).</summary>
    /// <returns>The disposal.</returns>
    public ValueTask DisposeAsync()
    {
        if (_context is null)
        {
            using (TrackedRunScope.Enter(_run))
            {
                return _chunks.DisposeAsync();
            }
        }

        RunOnContext(DisposeOnContext);
        return _disposing;
    }

    private void RunOnContext(ContextCallback callback)
    {
#if NET
        ExecutionContext.Run(_context!, callback, this);
#else
        // .NET Framework runs a captured context once: run a copy (on .NET Core the copy is the same object).
        ExecutionContext.Run(_context!.CreateCopy(), callback, this);
#endif
    }

    private ValueTask<bool> MoveNextInScopeAsync()
    {
        using (TrackedRunScope.Enter(_run))
        {
            return _chunks.MoveNextAsync();
        }
    }
}
