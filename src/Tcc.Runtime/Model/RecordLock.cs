using System.Runtime.CompilerServices;
using System.Threading;

namespace ContextCompany.Model;

/// <summary>
/// The lock of one run, step or tool call: an int in the record instead of a separate lock object, so a
/// record is one allocation and taking the lock is one compare-and-swap. It guards a few field stores,
/// never user code and never a wait, so a thread that finds it taken spins (yielding, then sleeping, as
/// <see cref="SpinWait"/> does) rather than blocking. Not reentrant.
/// </summary>
/// <remarks>A mutable struct: keep it in a field that is not <c>readonly</c>, and call it on the field itself.</remarks>
internal struct RecordLock
{
    private int _held;

    public void Enter()
    {
        if (Interlocked.CompareExchange(ref _held, 1, 0) != 0)
        {
            EnterContended();
        }
    }

    public void Exit() => Volatile.Write(ref _held, 0);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterContended()
    {
        SpinWait spin = default;
        do
        {
            spin.SpinOnce();
        }
        while (Interlocked.CompareExchange(ref _held, 1, 0) != 0);
    }
}
