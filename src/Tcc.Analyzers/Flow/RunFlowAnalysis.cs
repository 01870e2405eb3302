using System.Collections.Generic;
using ContextCompany.Analyzers.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace ContextCompany.Analyzers.Flow;

/// <summary>
/// A forward data-flow analysis of one method, for the runs, steps and tool calls it creates in locals that
/// do not escape. For each such local it knows at every point whether, on every path, it was created, given a
/// prompt, a response or a name, and ended; and whether it may have been ended on some path. TCC001, TCC006,
/// TCC008 and TCC009 read these facts. Methods of a simple shape are analyzed over their operation tree
/// (<c>RunFlowAnalysis.OperationTree*.cs</c>); any other method over Roslyn's <see cref="ControlFlowGraph"/>
/// (<c>RunFlowAnalysis.Graph.cs</c>), which gives the same facts for every shape but costs far more to build.
/// Both walks share what the block holds (<c>.Notes.cs</c>), the facts (<c>.Facts.cs</c>) and the rules
/// (<c>.Rules.cs</c>).
/// </summary>
internal sealed partial class RunFlowAnalysis
{
    private readonly SdkTypes _types;

    // The locals whose facts are followed, by index into the facts: over the graph, the tracked locals; over
    // the operation tree, every local of an SDK record type, as met (the untracked ones are dropped at the end).
    private readonly Dictionary<ILocalSymbol, int> _locals = new(SymbolEqualityComparer.Default);

    private RunFlowAnalysis(SdkTypes types) => _types = types;

    /// <summary>
    /// Analyzes one method body; returns what the rules should report. One walk of the operation tree finds
    /// the chains and the locals worth tracking and, for a method of a simple shape, their flow facts too;
    /// any other method then takes the control-flow graph, the costly part, for those locals.
    /// </summary>
    /// <param name="body">One operation block of the method.</param>
    /// <param name="buildGraph">Builds the control-flow graph of the block's method; null when it cannot be built.</param>
    /// <param name="types">The SDK's types.</param>
    /// <param name="operationTreeFirst">False to always use the graph, which tests compare the operation tree with.</param>
    public static IReadOnlyList<RunFlowFinding> Analyze(IOperation body, System.Func<ControlFlowGraph?> buildGraph, SdkTypes types, bool operationTreeFirst = true)
    {
        RunFlowAnalysis analysis = new(types);
        analysis.Walk(body, operationTreeFirst);
        if (!analysis._createsRecords)
        {
            return System.Array.Empty<RunFlowFinding>(); // no SDK call that returns a run, step or tool call: nothing to report
        }

        if (analysis.OperationTreeFindings() is { } findings)
        {
            return findings;
        }

        analysis._findings.Clear();
        analysis._findingLocals.Clear();
        analysis._locals.Clear();
        foreach (KeyValuePair<ILocalSymbol, bool> candidate in analysis._candidates)
        {
            if (candidate.Value)
            {
                analysis._locals[candidate.Key] = analysis._locals.Count;
            }
        }

        analysis.ReportChains();
        if (analysis._locals.Count > 0 && buildGraph() is { } graph)
        {
            analysis._graph = graph;
            analysis._reporting = false;
            analysis.Run();
            analysis.CheckNeverEnded();
        }

        return analysis._findings;
    }
}

internal enum RunFlowRule
{
    EndWithoutPrompt,
    UseAfterEnd,
    NeverEnded,
    Incomplete,
}

internal sealed record RunFlowFinding(RunFlowRule Rule, Location Location, string Name, string? Detail);
