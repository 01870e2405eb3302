using System.Collections.Immutable;
using ContextCompany.Analyzers.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ContextCompany.Analyzers;

/// <summary>
/// Feedback calls with constant arguments the SDK would refuse at run time: a score other than
/// <see cref="TccRules.ThumbsUp"/>/<see cref="TccRules.ThumbsDown"/> (TCC004), neither score nor text, or a text
/// longer than <see cref="TccRules.MaxFeedbackTextLength"/> (TCC005).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FeedbackAnalyzer : DiagnosticAnalyzer
{
    private const string ScoreParameter = "score";
    private const string TextParameter = "text";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.InvalidFeedbackScore,
        DiagnosticDescriptors.InvalidFeedback);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (SdkTypes.Resolve(start.Compilation) is { } types)
            {
                start.RegisterOperationAction(operation => Analyze(operation, types), OperationKind.Invocation);
            }
        });
    }

    private static void Analyze(OperationAnalysisContext context, SdkTypes types)
    {
        IInvocationOperation invocation = (IInvocationOperation)context.Operation;
        IMethodSymbol target = invocation.TargetMethod;
        bool isFeedback = target.Name switch
        {
            "SubmitFeedbackAsync" => SdkTypes.Is(target.ContainingType, types.Tcc) || SdkTypes.Is(target.ContainingType, types.TccClient),
            "FeedbackAsync" => SdkTypes.Is(target.ContainingType, types.AgentRun),
            _ => false,
        };
        if (!isFeedback)
        {
            return;
        }

        IArgumentOperation? score = invocation.Argument(ScoreParameter);
        IArgumentOperation? text = invocation.Argument(TextParameter);
        if (score?.Value.Unwrap().ConstantString() is { } constantScore && !TccRules.IsValidFeedbackScore(constantScore))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidFeedbackScore, score.Value.Syntax.GetLocation(), constantScore));
            return;
        }

        bool noScore = score is null || score.ArgumentKind == ArgumentKind.DefaultValue || score.Value.IsNullConstant();
        string? constantText = text?.Value.Unwrap().ConstantString();
        bool noText = text is null || text.ArgumentKind == ArgumentKind.DefaultValue || text.Value.IsNullConstant() || constantText?.Length == 0;
        if (noScore && noText)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.InvalidFeedback,
                invocation.Syntax.GetLocation(),
                "Feedback needs a score or a text: this call throws ArgumentException"));
        }
        else if (TccRules.IsFeedbackTextTooLong(constantText))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.InvalidFeedback,
                text!.Value.Syntax.GetLocation(),
                $"Feedback text is {constantText!.Length} characters long; at most {TccRules.MaxFeedbackTextLength} are accepted: this call throws ArgumentException"));
        }
    }
}
