using System;
using System.Collections.Immutable;
using ContextCompany.Analyzers.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ContextCompany.Analyzers;

/// <summary>TCC014: an API key written in the source, assigned to <c>TccOptions.ApiKey</c> or to the <c>TCC_API_KEY</c> variable.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ApiKeyAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.HardCodedApiKey);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (SdkTypes.Resolve(start.Compilation) is not { } types)
            {
                return;
            }

            // Plain assignments and object initializers are both simple assignments.
            start.RegisterOperationAction(
                operation =>
                {
                    ISimpleAssignmentOperation assignment = (ISimpleAssignmentOperation)operation.Operation;
                    if (assignment.Target is IPropertyReferenceOperation { Property.Name: "ApiKey" } property &&
                        SdkTypes.Is(property.Property.ContainingType, types.TccOptions))
                    {
                        ReportIfKey(operation, assignment.Value);
                    }
                },
                OperationKind.SimpleAssignment);

            start.RegisterOperationAction(
                operation =>
                {
                    IInvocationOperation invocation = (IInvocationOperation)operation.Operation;
                    if (invocation.TargetMethod is { Name: "SetEnvironmentVariable" } method &&
                        SdkTypes.Is(method.ContainingType, types.Environment) &&
                        invocation.Arguments.Length >= 2 &&
                        invocation.Arguments[0].Value.Unwrap().ConstantString() == TccRules.ApiKeyVariable)
                    {
                        ReportIfKey(operation, invocation.Arguments[1].Value);
                    }
                },
                OperationKind.Invocation);
        });
    }

    private static void ReportIfKey(OperationAnalysisContext context, IOperation value)
    {
        IOperation? literal = value.Unwrap();
        if (literal is ILiteralOperation && literal.ConstantString() is { } text &&
            (text.StartsWith(TccRules.ProductionKeyPrefix, StringComparison.Ordinal) || text.StartsWith(TccRules.DevelopmentKeyPrefix, StringComparison.Ordinal)))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HardCodedApiKey, literal.Syntax.GetLocation()));
        }
    }
}
