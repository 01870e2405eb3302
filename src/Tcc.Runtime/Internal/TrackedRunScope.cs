using System;
using System.ComponentModel;

namespace ContextCompany.Internal;

/// <summary>
/// Makes a run <see cref="AgentRun.Current"/> until disposed, then restores the run that was current
/// before, so nested tracked calls nest. For code written by the ContextCompany source generator; not
/// meant to be used directly.
/// </summary>
/// <example><code>using (TrackedRunScope.Enter(run)) { ... }</code></example>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct TrackedRunScope : IDisposable
{
    private readonly AgentRunScope _scope;

    private TrackedRunScope(AgentRunScope scope) => _scope = scope;

    /// <summary>Makes <paramref name="run"/> the current run of this asynchronous flow.</summary>
    /// <param name="run">The run of the tracked call that is starting.</param>
    /// <returns>A scope that restores the previous current run when disposed.</returns>
    public static TrackedRunScope Enter(AgentRun run)
    {
        if (run is null)
        {
            throw new ArgumentNullException(nameof(run));
        }

        return new TrackedRunScope(run.Activate());
    }

    /// <summary>Restores the run that was current before <see cref="Enter"/>.</summary>
    public void Dispose() => _scope.Dispose();
}
