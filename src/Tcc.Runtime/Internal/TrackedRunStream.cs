using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace ContextCompany.Internal;

/// <summary>
/// The stream an <c>IAsyncEnumerable&lt;string&gt;</c> tracked wrapper returns: one object that is both the
/// enumerable and its first enumerator, as a compiler-generated async iterator is. Enumerating it starts a run,
/// produces each of the implementation's chunks with the run current, keeps the chunks to become the run's
/// response, and ends the run at the end of the stream, on an exception (rethrown) or on early disposal. For code
/// written by the ContextCompany source generator, which derives one class per streaming method; not meant to be
/// used directly.
/// </summary>
/// <remarks>
/// The run is made current once, when the stream starts: that context (the caller's, with the run in it) is
/// captured, and each later call into the implementation is made on it and the caller's context is put back after,
/// which switches contexts without creating one. The implementation thus sees, for every chunk, the context of the
/// call that started the stream, as the body of an <c>async</c> method does, and the caller never sees the run.
/// A chunk that is ready is passed on without any allocation; only a pending one goes through an async method. The
/// chunks are copied into a pooled buffer as they pass, so the response is the only string made from them, and
/// the chunks themselves are not kept alive.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class TrackedRunStream : IAsyncEnumerable<string>, IAsyncEnumerator<string>
{
    private const int FirstResponseBuffer = 256;

    private int _taken;
    private bool _finished;
    private CancellationToken _token;
    private CancellationTokenSource? _linkedTokens;
    private AgentRun? _run;
    private ExecutionContext? _context;
    private IAsyncEnumerator<string?>? _chunks;

    // The chunks passed on so far, copied into a pooled buffer: the response is the one string made from them.
    private char[]? _response;
    private int _responseLength;
#if !NET
    private ValueTask<bool> _moving;
    private ValueTask _disposing;
#endif

    /// <summary>The chunk the last successful <see cref="MoveNextAsync"/> moved to.</summary>
    public string Current => _chunks!.Current!;

    /// <summary>
    /// The value of the method's <see cref="CancellationToken"/> parameter, or null when it has none. When it has one,
    /// its value is combined with the token given to <see cref="GetAsyncEnumerator"/>, as <c>[EnumeratorCancellation]</c>
    /// does; otherwise the latter is not used.
    /// </summary>
    protected virtual CancellationToken? DeclaredCancellationToken => null;

    /// <summary>Starts the run of one enumeration, with the run that is current, if any, as the caller's.</summary>
    /// <returns>The run, with its metadata.</returns>
    protected abstract AgentRun StartRun();

    /// <summary>Calls the implementation.</summary>
    /// <param name="run">The run, for an implementation that takes it.</param>
    /// <param name="cancellationToken">The token to pass for the method's <see cref="CancellationToken"/> parameter.</param>
    /// <returns>The implementation's chunks.</returns>
    protected abstract IAsyncEnumerable<string?> Chunks(AgentRun run, CancellationToken cancellationToken);

    /// <summary>A new stream of the same call, for a second enumeration: each enumeration is its own run.</summary>
    /// <returns>The new stream.</returns>
    protected abstract TrackedRunStream Clone();

    /// <summary>Returns this stream the first time, a new one of the same call after that.</summary>
    /// <param name="cancellationToken">Combined with the method's own token, if it has one.</param>
    /// <returns>The enumerator.</returns>
    public IAsyncEnumerator<string> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        TrackedRunStream stream = Interlocked.Exchange(ref _taken, 1) == 0 ? this : Clone();
        stream._taken = 1;
        if (DeclaredCancellationToken is not { } declared)
        {
            return stream;
        }

        // The rules of [EnumeratorCancellation] in a compiler-generated async iterator.
        if (declared.Equals(default(CancellationToken)))
        {
            stream._token = cancellationToken;
        }
        else if (cancellationToken.Equals(declared) || cancellationToken.Equals(default(CancellationToken)))
        {
            stream._token = declared;
        }
        else
        {
            stream._linkedTokens = CancellationTokenSource.CreateLinkedTokenSource(declared, cancellationToken);
            stream._token = stream._linkedTokens.Token;
        }

        return stream;
    }

    /// <summary>Produces the next chunk with the run current; starts the run on the first call.</summary>
    /// <returns>False at the end of the stream, after the run ended.</returns>
    public ValueTask<bool> MoveNextAsync()
    {
        if (_finished)
        {
            return default;
        }

        if (_run is null)
        {
            _run = StartRun(); // an exception here has no run to end: it reaches the caller as it is
        }

        ValueTask<bool> moving;
        try
        {
            moving = _chunks is null ? Begin(_run) : MoveNextOnContext();
        }
        catch (Exception exception)
        {
            return End(exception);
        }

        if (!moving.IsCompletedSuccessfully)
        {
            return MoveNextSlowAsync(moving);
        }

        if (moving.Result)
        {
            Take();
            return new ValueTask<bool>(true);
        }

        return End(null);
    }

    /// <summary>
    /// Ends the run with the chunks received so far when the stream did not reach its end (the caller stopped
    /// early, which is not a failure), then disposes the implementation's enumerator with the run current.
    /// </summary>
    /// <returns>The disposal.</returns>
    public ValueTask DisposeAsync()
    {
        if (_finished)
        {
            return default;
        }

        _finished = true;
        if (_run is null)
        {
            DisposeLinkedTokens();
            return default; // never started: no run
        }

        TrackedRun.Complete(_run, TakeResponse());
        ValueTask disposing = DisposeChunks();
        if (disposing.IsCompletedSuccessfully)
        {
            DisposeLinkedTokens();
            return default;
        }

        return DisposeSlowAsync(disposing);
    }

    /// <summary>
    /// Ends the run, with <paramref name="exception"/> as its error when there is one, then disposes the
    /// implementation's enumerator, as the <c>finally</c> of an iterator would, before the stream reports its end
    /// or the exception.
    /// </summary>
    private ValueTask<bool> End(Exception? exception)
    {
        _finished = true;
        if (exception is null)
        {
            TrackedRun.Complete(_run!, TakeResponse());
        }
        else
        {
            TrackedRun.Fail(_run!, exception, TakeResponse());
        }

        ValueTask disposing;
        try
        {
            disposing = DisposeChunks();
        }
        catch (Exception disposeException)
        {
            DisposeLinkedTokens();
            return Faulted(disposeException);
        }

        if (disposing.IsCompletedSuccessfully)
        {
            DisposeLinkedTokens();
            return exception is null ? default : Faulted(exception);
        }

        return EndSlowAsync(disposing, exception);
    }

#if NET
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private async ValueTask<bool> MoveNextSlowAsync(ValueTask<bool> moving)
    {
        bool moved;
        try
        {
            moved = await moving.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            return await End(exception).ConfigureAwait(false);
        }

        if (moved)
        {
            Take();
            return true;
        }

        return await End(null).ConfigureAwait(false);
    }

    private async ValueTask<bool> EndSlowAsync(ValueTask disposing, Exception? exception)
    {
        try
        {
            await disposing.ConfigureAwait(false);
        }
        finally
        {
            DisposeLinkedTokens();
        }

        if (exception is not null)
        {
            ExceptionDispatchInfo.Capture(exception).Throw();
        }

        return false;
    }

    private async ValueTask DisposeSlowAsync(ValueTask disposing)
    {
        try
        {
            await disposing.ConfigureAwait(false);
        }
        finally
        {
            DisposeLinkedTokens();
        }
    }

    private static ValueTask<bool> Faulted(Exception exception)
    {
#if NET
        return ValueTask.FromException<bool>(exception);
#else
        return new ValueTask<bool>(Task.FromException<bool>(exception));
#endif
    }

    private void Take()
    {
        string? chunk = _chunks!.Current;
        if (string.IsNullOrEmpty(chunk))
        {
            return; // a null chunk adds nothing to the response
        }

        int length = _responseLength + chunk!.Length;
        if (_response is null || length > _response.Length)
        {
            char[] larger = ArrayPool<char>.Shared.Rent(Math.Max(length, _response is null ? FirstResponseBuffer : _response.Length * 2));
            if (_response is not null)
            {
                Array.Copy(_response, larger, _responseLength);
                ArrayPool<char>.Shared.Return(_response);
            }

            _response = larger;
        }

        chunk.CopyTo(0, _response, _responseLength, chunk.Length);
        _responseLength = length;
    }

    /// <summary>The chunks passed on so far, joined: the run's response (empty when there were none). Releases the buffer.</summary>
    private string TakeResponse()
    {
        if (_response is not { } buffer)
        {
            return string.Empty;
        }

        string response = new(buffer, 0, _responseLength);
        _response = null;
        ArrayPool<char>.Shared.Return(buffer);
        return response;
    }

    private void DisposeLinkedTokens()
    {
        _linkedTokens?.Dispose();
        _linkedTokens = null;
    }

    private ValueTask DisposeChunks()
    {
        if (_chunks is null)
        {
            return default;
        }

        if (_context is null)
        {
            using (TrackedRunScope.Enter(_run!))
            {
                return _chunks.DisposeAsync();
            }
        }

#if NET
        ExecutionContext? caller = ExecutionContext.Capture();
        if (caller is null)
        {
            using (TrackedRunScope.Enter(_run!))
            {
                return _chunks.DisposeAsync();
            }
        }

        ExecutionContext.Restore(_context);
        try
        {
            return _chunks.DisposeAsync();
        }
        finally
        {
            ExecutionContext.Restore(caller);
        }
#else
        ExecutionContext.Run(_context.CreateCopy(), static state =>
        {
            TrackedRunStream stream = (TrackedRunStream)state!;
            stream._disposing = stream._chunks!.DisposeAsync();
        }, this);
        ValueTask disposing = _disposing;
        _disposing = default;
        return disposing;
#endif
    }

    /// <summary>
    /// The first step: makes the run current, keeps that context for every later chunk, calls the implementation
    /// and asks for its first chunk, then gives the caller its own context back.
    /// </summary>
    private ValueTask<bool> Begin(AgentRun run)
    {
        ExecutionContext? caller = ExecutionContext.Capture();
        if (caller is null)
        {
            // Flow is suppressed: there is no context to keep; the run is made current around each call instead.
            using (TrackedRunScope.Enter(run))
            {
                _chunks = Chunks(run, _token).GetAsyncEnumerator(_token);
                return _chunks.MoveNextAsync();
            }
        }

#if NET
        AgentRun.SwapCurrent(run);
        try
        {
            _context = ExecutionContext.Capture();
            _chunks = Chunks(run, _token).GetAsyncEnumerator(_token);
            return _chunks.MoveNextAsync();
        }
        finally
        {
            ExecutionContext.Restore(caller);
        }
#else
        // .NET Framework runs a captured context once: run a copy, and keep a context to copy for each later chunk.
        ExecutionContext.Run(caller.CreateCopy(), static state =>
        {
            TrackedRunStream stream = (TrackedRunStream)state!;
            AgentRun.SwapCurrent(stream._run);
            stream._context = ExecutionContext.Capture();
            stream._chunks = stream.Chunks(stream._run!, stream._token).GetAsyncEnumerator(stream._token);
            stream._moving = stream._chunks.MoveNextAsync();
        }, this);
        return TakeMoving();
#endif
    }

    private ValueTask<bool> MoveNextOnContext()
    {
        if (_context is null)
        {
            using (TrackedRunScope.Enter(_run!))
            {
                return _chunks!.MoveNextAsync();
            }
        }

#if NET
        ExecutionContext? caller = ExecutionContext.Capture();
        if (caller is null)
        {
            using (TrackedRunScope.Enter(_run!))
            {
                return _chunks!.MoveNextAsync();
            }
        }

        ExecutionContext.Restore(_context);
        try
        {
            return _chunks!.MoveNextAsync();
        }
        finally
        {
            ExecutionContext.Restore(caller);
        }
#else
        ExecutionContext.Run(_context.CreateCopy(), static state =>
        {
            TrackedRunStream stream = (TrackedRunStream)state!;
            stream._moving = stream._chunks!.MoveNextAsync();
        }, this);
        return TakeMoving();
#endif
    }

#if !NET
    private ValueTask<bool> TakeMoving()
    {
        ValueTask<bool> moving = _moving;
        _moving = default;
        return moving;
    }
#endif
}
