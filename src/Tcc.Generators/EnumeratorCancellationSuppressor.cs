using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ContextCompany.Generators;

/// <summary>
/// Suppresses CS8424 ("the EnumeratorCancellationAttribute ... will have no effect") on the token parameter of a
/// <c>[TrackedAgent]</c> method that returns <c>IAsyncEnumerable&lt;T&gt;</c>. The generated implementing part of such
/// a method is not a compiler iterator: it returns the runtime's stream object, which combines the parameter's
/// token with the one given to <c>GetAsyncEnumerator</c> by the same rules, so the attribute does have its effect.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EnumeratorCancellationSuppressor : DiagnosticSuppressor
{
    /// <summary>The ID of the suppression, as the IDE and the compiler's reports show it.</summary>
    public const string SuppressionId = "TCCSPR001";

    private const string SuppressedId = "CS8424";

    private static readonly SuppressionDescriptor Rule = new(
        SuppressionId,
        SuppressedId,
        "The [TrackedAgent] wrapper combines this token with the enumerator's, as [EnumeratorCancellation] asks");

    /// <inheritdoc/>
    public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } = ImmutableArray.Create(Rule);

    /// <inheritdoc/>
    public override void ReportSuppressions(SuppressionAnalysisContext context)
    {
        foreach (Diagnostic diagnostic in context.ReportedDiagnostics)
        {
            if (IsOnTrackedStream(diagnostic, context, context.CancellationToken))
            {
                context.ReportSuppression(Suppression.Create(Rule, diagnostic));
            }
        }
    }

    private static bool IsOnTrackedStream(Diagnostic diagnostic, SuppressionAnalysisContext context, CancellationToken cancellationToken)
    {
        if (diagnostic.Location.SourceTree is not { } tree ||
            tree.GetRoot(cancellationToken).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
                .FirstAncestorOrSelf<ParameterSyntax>()?.Parent?.Parent is not MethodDeclarationSyntax declaration)
        {
            return false;
        }

        if (context.GetSemanticModel(tree).GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method)
        {
            return false;
        }

        // The declaration the user wrote and the part the generator wrote: either may carry the attribute.
        IMethodSymbol definition = method.PartialDefinitionPart ?? method;
        if (definition.PartialImplementationPart is null)
        {
            return false;
        }

        foreach (AttributeData attribute in definition.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "TrackedAgentAttribute" } type &&
                type.ToDisplayString() == TrackedAgentRules.TrackedAgentAttribute)
            {
                return true;
            }
        }

        return false;
    }
}
