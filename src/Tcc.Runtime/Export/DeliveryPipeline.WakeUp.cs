using System.Threading;
using System.Threading.Tasks;

namespace ContextCompany.Export;

// When the workers sleep and who wakes them. Waking a sleeping worker for every ended run would cost the
// caller a cross-thread signal each time. Workers instead sleep until enough items wait (WakeThreshold), a
// flush or shutdown asks, or MaxBatchDelay passes, as OpenTelemetry's batch processor does.
internal sealed partial class DeliveryPipeline
{
    /// <summary>
    /// Items waiting that make a producer wake a sleeping worker. Waking is a system call, so it is rare:
    /// the batch delay bounds the wait when fewer items come (OpenTelemetry's batch processor wakes at 512).
    /// </summary>
    public const int WakeThreshold = 256;

    // No wake-up is lost: a worker counts itself in _sleeping before it checks the queue under _gate, and
    // Enqueue reads _sleeping under _gate after adding its item, so one of the two sees the other. Flush
    // and shutdown always wake. The semaphore keeps its permits, so a wake that comes between a worker's
    // check and its wait ends that wait at once. _wakeRequested turns a burst of wakes into one Release:
    // the first Wake sets it; a worker clears it when it stops sleeping, before it looks at the queue again.
    private readonly SemaphoreSlim _wake = new(0);
    private readonly int _wakeThreshold;
    private int _sleeping;
    private int _wakeRequested;

    /// <summary>Sleeps until woken, or until the batch delay passes with items waiting.</summary>
    private async Task SleepAsync()
    {
        Interlocked.Increment(ref _sleeping);
        try
        {
            lock (_gate)
            {
                if (_count >= _wakeThreshold || IsDrained)
                {
                    return;
                }
            }

            await _wake.WaitAsync(_options.MaxBatchDelay, _abort.Token).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _sleeping);
            Interlocked.Exchange(ref _wakeRequested, 0);
        }
    }

    /// <summary>Wakes the sleeping workers, once per sleep.</summary>
    private void Wake()
    {
        if (Interlocked.Exchange(ref _wakeRequested, 1) == 0)
        {
            _wake.Release(_inProgress.Length);
        }
    }
}
