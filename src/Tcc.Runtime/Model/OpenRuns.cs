using System;
using System.Collections.Generic;
using System.Threading;

namespace ContextCompany.Model;

/// <summary>
/// The runs of one client that have started and not ended, so that a run nobody ends is still delivered:
/// as an error after <see cref="TccOptions.RunTimeout"/>, or at shutdown.
/// </summary>
/// <remarks>
/// Every run passes through here twice (start and end), on the caller's thread, so both are O(1) and
/// allocate nothing: the runs themselves are the links of a doubly linked list. The lists are striped by
/// thread so that threads starting runs at once rarely share a lock. Runs join the tail of their stripe,
/// so each stripe is ordered by start time and a timeout scan stops at the first run still young.
/// </remarks>
internal sealed class OpenRuns
{
    private readonly Stripe[] _stripes;
    private readonly int _mask;

    public OpenRuns()
    {
        int count = 1;
        while (count < Environment.ProcessorCount && count < 64)
        {
            count <<= 1;
        }

        _stripes = new Stripe[count];
        for (int i = 0; i < count; i++)
        {
            _stripes[i] = new Stripe();
        }

        _mask = count - 1;
    }

    public void Add(AgentRun run)
    {
        Stripe stripe = _stripes[Environment.CurrentManagedThreadId & _mask];
        run.OpenStripe = stripe;
        lock (stripe)
        {
            run.OpenPrevious = stripe.Tail;
            if (stripe.Tail is null)
            {
                stripe.Head = run;
            }
            else
            {
                stripe.Tail.OpenNext = run;
            }

            stripe.Tail = run;
        }
    }

    public static void Remove(AgentRun run)
    {
        Stripe? stripe = run.OpenStripe;
        if (stripe is null)
        {
            return;
        }

        lock (stripe)
        {
            if (run.OpenStripe is null)
            {
                return; // removed by another thread
            }

            if (run.OpenPrevious is null)
            {
                stripe.Head = run.OpenNext;
            }
            else
            {
                run.OpenPrevious.OpenNext = run.OpenNext;
            }

            if (run.OpenNext is null)
            {
                stripe.Tail = run.OpenPrevious;
            }
            else
            {
                run.OpenNext.OpenPrevious = run.OpenPrevious;
            }

            run.OpenPrevious = null;
            run.OpenNext = null;
            run.OpenStripe = null;
        }
    }

    /// <summary>The open runs that started before <paramref name="startedBefore"/> (every one for <see cref="DateTime.MaxValue"/>).</summary>
    public List<AgentRun> StartedBefore(DateTime startedBefore)
    {
        List<AgentRun> found = new();
        foreach (Stripe stripe in _stripes)
        {
            lock (stripe)
            {
                for (AgentRun? run = stripe.Head; run is not null && run.StartTime < startedBefore; run = run.OpenNext)
                {
                    found.Add(run);
                }
            }
        }

        return found;
    }

    /// <summary>One list and its lock.</summary>
    internal sealed class Stripe
    {
        public AgentRun? Head;
        public AgentRun? Tail;
    }
}
