using System.Collections.Generic;
using System.Collections.Immutable;
using ContextCompany.Analyzers.Diagnostics;
using ContextCompany.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace ContextCompany.Analyzers;

/// <summary>
/// The life of a run, step or tool call created in a method, over its flow: ended without a prompt
/// (TCC001), used after it ended (TCC006), never ended (TCC008), a step or tool call ended incomplete
/// (TCC009).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RunLifecycleAnalyzer : DiagnosticAnalyzer
{
    private readonly bool _operationTreeFirst;

    /// <summary>Creates the analyzer.</summary>
    public RunLifecycleAnalyzer()
        : this(operationTreeFirst: true)
    {
    }

    /// <summary>With <paramref name="operationTreeFirst"/> false, every method goes through the control-flow graph (tests compare both).</summary>
    internal RunLifecycleAnalyzer(bool operationTreeFirst) => _operationTreeFirst = operationTreeFirst;

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.EndWithoutPrompt,
        DiagnosticDescriptors.UseAfterEnd,
        DiagnosticDescriptors.RunNeverEnded,
        DiagnosticDescriptors.IncompleteStepOrToolCall);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (SdkTypes.Resolve(start.Compilation) is { } types)
            {
                start.RegisterOperationBlockAction(block => Analyze(block, types, _operationTreeFirst));
            }
        });
    }

    private static void Analyze(OperationBlockAnalysisContext context, SdkTypes types, bool operationTreeFirst)
    {
        foreach (IOperation block in context.OperationBlocks)
        {
            ControlFlowGraph? BuildGraph()
            {
                try
                {
                    return context.GetControlFlowGraph(block);
                }
                catch (System.ArgumentException)
                {
                    return null; // not a root the graph can be built for
                }
            }

            IReadOnlyList<RunFlowFinding> findings = RunFlowAnalysis.Analyze(block, BuildGraph, types, operationTreeFirst);
            if (findings.Count == 0)
            {
                continue; // most methods
            }

            HashSet<(RunFlowRule, Location)> reported = new();
            foreach (RunFlowFinding finding in findings)
            {
                if (!reported.Add((finding.Rule, finding.Location)))
                {
                    continue;
                }

                context.ReportDiagnostic(finding.Rule switch
                {
                    RunFlowRule.EndWithoutPrompt => Diagnostic.Create(DiagnosticDescriptors.EndWithoutPrompt, finding.Location, finding.Name),
                    RunFlowRule.UseAfterEnd => Diagnostic.Create(DiagnosticDescriptors.UseAfterEnd, finding.Location, finding.Name, finding.Detail),
                    RunFlowRule.NeverEnded => Diagnostic.Create(DiagnosticDescriptors.RunNeverEnded, finding.Location, finding.Name),
                    _ => Diagnostic.Create(DiagnosticDescriptors.IncompleteStepOrToolCall, finding.Location, finding.Name, finding.Detail),
                });
            }
        }
    }
}
