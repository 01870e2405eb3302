using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ContextCompany.Analyzers.Diagnostics;
using ContextCompany.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ContextCompany.Analyzers;

/// <summary>
/// The life of a run, step or tool call created in a method, over its control-flow graph: ended without a
/// prompt (TCC001), used after it ended (TCC006), never ended (TCC008), a step or tool call ended
/// incomplete (TCC009).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RunLifecycleAnalyzer : DiagnosticAnalyzer
{
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
                start.RegisterOperationBlockAction(block => Analyze(block, types));
            }
        });
    }

    private static void Analyze(OperationBlockAnalysisContext context, SdkTypes types)
    {
        foreach (IOperation block in context.OperationBlocks)
        {
            if (!block.Descendants().Any(o => o is IInvocationOperation call && types.IsRecordType(call.TargetMethod.ReturnType)))
            {
                continue;
            }

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

            HashSet<(RunFlowRule, Location)> reported = new();
            foreach (RunFlowFinding finding in RunFlowAnalysis.Analyze(block, BuildGraph, types))
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
