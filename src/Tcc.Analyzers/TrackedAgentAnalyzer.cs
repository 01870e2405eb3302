using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using ContextCompany.Analyzers.Diagnostics;
using ContextCompany.Generators;
using ContextCompany.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ContextCompany.Analyzers;

/// <summary>
/// Explains why a <c>[TrackedAgent]</c> method cannot be wrapped (TCC010-TCC013), with the generator's own
/// parser so the two never disagree, and checks its agent name (TCC002, TCC015) and result type (TCC016).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TrackedAgentAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NotPartialDeclaration,
        DiagnosticDescriptors.NoImplementation,
        DiagnosticDescriptors.NoPrompt,
        DiagnosticDescriptors.UnsupportedSignature,
        DiagnosticDescriptors.EmptyAgentName,
        DiagnosticDescriptors.ReservedAgentName,
        DiagnosticDescriptors.ResultWithoutToString);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        // The implementing part of a [TrackedAgent] declaration is generated: ask for generated code so the
        // declaration is seen at all, and skip what is generated in Analyze.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (SdkTypes.Resolve(start.Compilation) is { TrackedAgentAttribute: { } attributeType })
            {
                start.RegisterSymbolAction(symbol => Analyze(symbol, attributeType), SymbolKind.Method);
            }
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol attributeType)
    {
        IMethodSymbol method = (IMethodSymbol)context.Symbol;
        if (GeneratedCode.IsGenerated(method) || method.PartialDefinitionPart is not null)
        {
            return; // a partial method is reported once, on its declaration
        }

        AttributeData? attribute = method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType));
        if (attribute is null || method.Locations.FirstOrDefault() is not { IsInSource: true } location)
        {
            return;
        }

        CheckAgentName(context, method, attribute, location);
        if (NotPartialReason(method, context.CancellationToken) is { } reason)
        {
            string implementation = TrackedAgentRules.ImplementationName(method.Name, attribute);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotPartialDeclaration, location, method.Name, reason, implementation));
            return;
        }

        if (!TrackedAgentGenerator.Parser.CanWrite(method, context.CancellationToken))
        {
            return; // the compiler's own error explains it
        }

        TrackedMethodSpec spec = TrackedAgentGenerator.Parser.Parse(method, attribute, context.CancellationToken);
        DiagnosticDescriptor? failure = spec.FailureId switch
        {
            DiagnosticIds.NoImplementation => DiagnosticDescriptors.NoImplementation,
            DiagnosticIds.NoPrompt => DiagnosticDescriptors.NoPrompt,
            DiagnosticIds.UnsupportedSignature => DiagnosticDescriptors.UnsupportedSignature,
            _ => null,
        };
        if (failure is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(failure, location, method.Name, spec.FailureMessage));
            return;
        }

        CheckResultType(context, method, spec, location);
    }

    /// <summary>TCC010: why the method is not a partial declaration without a body in partial types, or null.</summary>
    internal static string? NotPartialReason(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not MethodDeclarationSyntax syntax)
        {
            return null;
        }

        if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return "is not partial";
        }

        if (syntax.Body is not null || syntax.ExpressionBody is not null)
        {
            return "has a body";
        }

        if (method.PartialImplementationPart is { } written && !TrackedAgentGenerator.Parser.IsGeneratedPart(written))
        {
            return "already has an implementing part";
        }

        return TrackedAgentGenerator.Parser.FirstNonPartialType(method.ContainingType, cancellationToken) is { } type
            ? $"is in type '{type.Name}', which is not partial"
            : null;
    }

    private static void CheckAgentName(SymbolAnalysisContext context, IMethodSymbol method, AttributeData attribute, Location location)
    {
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind == TypedConstantKind.Error)
        {
            return;
        }

        Location where = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is AttributeSyntax { ArgumentList.Arguments: { Count: > 0 } arguments }
            ? arguments[0].GetLocation()
            : location;
        string? name = attribute.ConstructorArguments[0].Value as string;
        if (string.IsNullOrWhiteSpace(name))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.EmptyAgentName, location, method.Name));
        }
        else if (TccRules.IsReservedAgentName(name))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ReservedAgentName, where, name));
        }
    }

    /// <summary>TCC016: a concrete class or struct result that neither overrides ToString() nor is a record, enum or primitive.</summary>
    private static void CheckResultType(SymbolAnalysisContext context, IMethodSymbol method, TrackedMethodSpec spec, Location location)
    {
        ITypeSymbol? result = spec.Shape switch
        {
            ReturnShape.Value => method.ReturnType,
            ReturnShape.TaskOfValue or ReturnShape.ValueTaskOfValue => (method.ReturnType as INamedTypeSymbol)?.TypeArguments.FirstOrDefault(),
            _ => null,
        };
        if (result is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            result = nullable.TypeArguments[0];
        }

        if (result is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } type ||
            type.SpecialType != SpecialType.None ||
            type.IsRecord ||
            type.IsAbstract ||
            OverridesToString(type))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ResultWithoutToString, location, method.Name, type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
    }

    private static bool OverridesToString(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); current = current.BaseType)
        {
            if (current.GetMembers("ToString").OfType<IMethodSymbol>().Any(m => m.IsOverride && m.Parameters.Length == 0))
            {
                return true;
            }
        }

        return false;
    }
}
