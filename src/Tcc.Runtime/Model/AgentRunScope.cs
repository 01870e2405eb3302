using System;

namespace ContextCompany;

/// <summary>
/// The scope of <see cref="AgentRun.Activate"/>: while it lasts, the run is <see cref="AgentRun.Current"/>
/// on the asynchronous flow that activated it. Dispose it (a <c>using</c> statement) to restore the run
/// that was current before.
/// </summary>
public readonly struct AgentRunScope : IDisposable
{
    private readonly AgentRun? _previous;

    internal AgentRunScope(AgentRun? previous) => _previous = previous;

    /// <summary>Restores the run that was current before the scope began (or none).</summary>
    public void Dispose() => AgentRun.SwapCurrent(_previous);
}
