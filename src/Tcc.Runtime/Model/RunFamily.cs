using System;
using System.Collections.Generic;
using ContextCompany.Export;

namespace ContextCompany.Model;

/// <summary>A step or tool call created from a run (<c>run.Step()</c>, <c>run.ToolCall(...)</c>).</summary>
internal interface IRunChild : IExportItem
{
    /// <summary>Roughly how many bytes the child adds to its run's request (its long texts and a fixed part).</summary>
    int ApproximateSize { get; }

    /// <summary>Ends the child as an error unless it has ended; never throws.</summary>
    bool TryFail(string? statusMessage);
}

/// <summary>
/// The steps and tool calls created from one run: the open ones, which an erroring run ends with it, and
/// the ended ones, which wait for the run to travel with it in one request (the TypeScript SDK's batch).
/// </summary>
/// <remarks>
/// A run holds at most <see cref="MaxHeldItems"/> children and about <see cref="MaxHeldBytes"/> bytes;
/// past either, children go alone as they end, so one long run never holds an unbounded request in
/// memory. Children that end after their run go alone too.
/// </remarks>
internal sealed class RunFamily
{
    public const int MaxHeldItems = 256;
    public const long MaxHeldBytes = 1024 * 1024;

    /// <summary>The family of a run that ended with no children: whatever is created from it later goes alone.</summary>
    public static readonly RunFamily ClosedFamily = new() { _closed = true };

    private readonly List<IRunChild> _open = new();
    private List<IExportItem>? _held;
    private long _heldBytes;
    private bool _closed;

    public void Opened(IRunChild child)
    {
        lock (this)
        {
            if (!_closed)
            {
                _open.Add(child);
            }
        }
    }

    /// <summary>Records that <paramref name="child"/> ended; true when the run keeps it for its own request (only when <paramref name="hold"/>).</summary>
    public bool TryHold(IRunChild child, bool hold)
    {
        int size = hold ? child.ApproximateSize : 0;
        lock (this)
        {
            _open.Remove(child);
            if (!hold || _closed || (_held?.Count ?? 0) >= MaxHeldItems || _heldBytes + size > MaxHeldBytes)
            {
                return false;
            }

            (_held ??= new List<IExportItem>()).Add(child);
            _heldBytes += size;
            return true;
        }
    }

    /// <summary>Ends every child still open as an error; each lands in the batch as it ends.</summary>
    public void FailOpen(string statusMessage)
    {
        IRunChild[] open;
        lock (this)
        {
            open = _open.ToArray();
        }

        foreach (IRunChild child in open)
        {
            child.TryFail(statusMessage);
        }
    }

    /// <summary>The run has ended: returns the children it takes along (null for none); later ones go alone.</summary>
    public IExportItem[]? Close()
    {
        lock (this)
        {
            _closed = true;
            _open.Clear();
            IExportItem[]? held = _held?.ToArray();
            _held = null;
            return held;
        }
    }

    /// <summary>The fixed part of a child's size estimate: ids, timestamps, names and JSON punctuation.</summary>
    public static int Size(string? a = null, string? b = null, string? c = null) =>
        256 + (a?.Length ?? 0) + (b?.Length ?? 0) + (c?.Length ?? 0);
}
