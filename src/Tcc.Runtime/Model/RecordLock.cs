using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace ContextCompany.Model;

/// <summary>
/// The lock of one run, step or tool call, and whether it has ended: one int in the record instead of a
/// separate lock object, so a record is one allocation and taking the lock is one compare-and-swap. It
/// guards a few field stores, never user code and never a wait, so a thread that finds it taken spins
/// (yielding, then sleeping, as <see cref="SpinWait"/> does) rather than blocking. Not reentrant.
/// </summary>
/// <remarks>
/// A mutable struct: keep it in a field that is not <c>readonly</c>, and call it on the field itself.
/// Records change their fields only through <see cref="Update"/> and <see cref="TryEnd{TRecord, TValue}"/>,
/// with static lambdas (no closure is allocated), so every change refuses an ended record the same way.
/// </remarks>
internal struct RecordLock
{
    private const int Held = 1;
    private const int Ended = 2;

    private int _state;

    /// <summary>True once <see cref="TryEnd{TRecord, TValue}"/> has succeeded.</summary>
    public bool IsEnded => (Volatile.Read(ref _state) & Ended) != 0;

    /// <summary>
    /// Under the lock, applies <paramref name="set"/> to <paramref name="record"/>, or throws
    /// <see cref="InvalidOperationException"/> (<c>[TCC] <paramref name="what"/> has already ended</c>) when it has ended.
    /// </summary>
    /// <returns><paramref name="record"/>, for the setters' chaining.</returns>
    public TRecord Update<TRecord, TValue>(TRecord record, TValue value, Action<TRecord, TValue> set, string what)
    {
        Enter();
        try
        {
            if ((_state & Ended) != 0)
            {
                RecordGuard.ThrowEnded(what);
            }

            set(record, value);
        }
        finally
        {
            Exit();
        }

        return record;
    }

    /// <summary>
    /// Under the lock, applies <paramref name="end"/> and marks the record ended, unless it has already
    /// ended. When <paramref name="end"/> throws (a required field is missing), the record stays open.
    /// </summary>
    /// <returns>False when the record had already ended.</returns>
    public bool TryEnd<TRecord, TValue>(TRecord record, TValue value, Action<TRecord, TValue> end)
    {
        Enter();
        try
        {
            if ((_state & Ended) != 0)
            {
                return false;
            }

            end(record, value);
            _state |= Ended;
        }
        finally
        {
            Exit();
        }

        return true;
    }

    /// <summary><see cref="TryEnd{TRecord, TValue}"/> for an end that needs no value.</summary>
    public bool TryEnd<TRecord>(TRecord record, Action<TRecord> end) =>
        TryEnd(record, end, static (record, end) => end(record));

    private void Enter()
    {
        // The common case, an open record nobody else holds, is one compare-and-swap.
        if (Interlocked.CompareExchange(ref _state, Held, 0) != 0)
        {
            EnterSlow();
        }
    }

    // Only the holder writes the state, so it can keep the ended bit and clear the held one.
    private void Exit() => Volatile.Write(ref _state, _state & Ended);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterSlow()
    {
        // Taken, or ended (then the state is not 0): wait until free, then set the held bit on what is there.
        SpinWait spin = default;
        while (true)
        {
            int state = Volatile.Read(ref _state);
            if ((state & Held) == 0 && Interlocked.CompareExchange(ref _state, state | Held, state) == state)
            {
                return;
            }

            spin.SpinOnce();
        }
    }
}
