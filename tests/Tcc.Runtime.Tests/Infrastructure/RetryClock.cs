using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace ContextCompany.Tests.Infrastructure;

/// <summary>
/// A fake clock for a client's retries (<c>TccOptions.TimeProvider</c>): each wait the delivery pipeline
/// starts, a backoff or a <c>Retry-After</c> delay, is reported to the test, which moves the clock past it
/// instead of waiting. It starts at 2000-01-01 00:00:00 UTC.
/// </summary>
public sealed class RetryClock : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();
    private int _started;

    /// <summary>How many waits the pipeline has started.</summary>
    public int WaitsStarted => Volatile.Read(ref _started);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _started);
        _waits.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The next wait the pipeline starts, once it has started; the clock has not moved yet.</summary>
    public async Task<TimeSpan> NextWaitAsync()
    {
        // Real time only as a safety net: a pipeline that never waits fails the test instead of hanging it.
        using CancellationTokenSource noWait = new(TimeSpan.FromSeconds(30));
        try
        {
            return await _waits.Reader.ReadAsync(noWait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The delivery pipeline started no wait (waits so far: {WaitsStarted}).");
        }
    }

    /// <summary>Waits for the pipeline's next wait, moves the clock to its end, and returns its length.</summary>
    public async Task<TimeSpan> CompleteNextWaitAsync()
    {
        TimeSpan wait = await NextWaitAsync();
        Advance(wait);
        return wait;
    }
}
