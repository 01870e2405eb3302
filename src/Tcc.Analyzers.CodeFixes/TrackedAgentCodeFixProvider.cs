using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace ContextCompany.Analyzers.CodeFixes;

/// <summary>
/// TCC010: turns a <c>[TrackedAgent]</c> method with a body into a partial declaration plus the
/// implementation method that holds the body (and makes the containing types partial). TCC011: adds the
/// implementation method as a stub.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TrackedAgentCodeFixProvider)), Shared]
public sealed class TrackedAgentCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.NotPartialDeclaration, DiagnosticIds.NoImplementation);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan) is not { } node ||
                node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method ||
                model?.GetDeclaredSymbol(method, context.CancellationToken) is not { } symbol)
            {
                continue;
            }

            string implementation = ImplementationName(symbol);
            if (diagnostic.Id == DiagnosticIds.NotPartialDeclaration)
            {
                if (method.Body is null && method.ExpressionBody is null && method.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    // Only the containing types are missing 'partial'.
                    context.RegisterCodeFix(
                        CodeAction.Create("Make the containing types partial", ct => Task.FromResult(context.Document.WithSyntaxRoot(MakeTypesPartial(root, method))), DiagnosticIds.NotPartialDeclaration + ".MakeTypesPartial"),
                        diagnostic);
                }
                else if (method.Body is not null || method.ExpressionBody is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create($"Move the body to '{implementation}'", ct => Task.FromResult(context.Document.WithSyntaxRoot(ConvertToPartial(root, method, implementation))), DiagnosticIds.NotPartialDeclaration + ".ConvertToPartial"),
                        diagnostic);
                }
            }
            else
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Add the implementation method '{implementation}'", ct => Task.FromResult(context.Document.WithSyntaxRoot(AddStub(root, method, implementation))), DiagnosticIds.NoImplementation + ".AddStub"),
                    diagnostic);
            }
        }
    }

    private static string ImplementationName(IMethodSymbol method) =>
        TrackedAgentRules.ImplementationName(
            method.Name,
            method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == TrackedAgentRules.TrackedAgentAttribute));

    /// <summary>The method becomes <c>partial</c> without a body; a private implementation method takes the body.</summary>
    private static SyntaxNode ConvertToPartial(SyntaxNode root, MethodDeclarationSyntax method, string implementation)
    {
        MethodDeclarationSyntax declaration = method
            .WithModifiers(WithPartial(Without(method.Modifiers, SyntaxKind.AsyncKeyword)))
            .WithBody(null)
            .WithExpressionBody(null)
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))
            .WithTrailingTrivia(method.GetTrailingTrivia());

        MethodDeclarationSyntax body = Implementation(method, implementation)
            .WithBody(method.Body)
            .WithExpressionBody(method.ExpressionBody)
            .WithSemicolonToken(method.ExpressionBody is null ? default : SyntaxFactory.Token(SyntaxKind.SemicolonToken));

        SyntaxNode updated = root.TrackNodes(method);
        updated = updated.InsertNodesAfter(updated.GetCurrentNode(method)!, new[] { body.WithAdditionalAnnotations(Formatter.Annotation) });
        updated = updated.ReplaceNode(updated.GetCurrentNode(method)!, declaration);
        return MakeTypesPartial(updated, updated.DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.ValueText == method.Identifier.ValueText && m.Body is null && m.ExpressionBody is null));
    }

    private static SyntaxNode AddStub(SyntaxNode root, MethodDeclarationSyntax method, string implementation)
    {
        ThrowExpressionSyntax notImplemented = SyntaxFactory.ThrowExpression(
            SyntaxFactory.ObjectCreationExpression(SyntaxFactory.ParseTypeName("System.NotImplementedException"))
                .WithArgumentList(SyntaxFactory.ArgumentList()));
        MethodDeclarationSyntax stub = Implementation(method, implementation)
            .WithBody(null)
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(notImplemented))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))
            .WithTrailingTrivia(EndOfLine(method))
            .WithAdditionalAnnotations(Formatter.Annotation);
        return root.InsertNodesAfter(method, new[] { stub });
    }

    /// <summary>The implementation's signature: private, same static-ness, async and unsafe; parameters without the SDK's attributes or defaults.</summary>
    private static MethodDeclarationSyntax Implementation(MethodDeclarationSyntax method, string name)
    {
        List<SyntaxToken> modifiers = new() { SyntaxFactory.Token(SyntaxKind.PrivateKeyword) };
        foreach (SyntaxKind kind in new[] { SyntaxKind.StaticKeyword, SyntaxKind.UnsafeKeyword, SyntaxKind.AsyncKeyword })
        {
            if (method.Modifiers.Any(kind))
            {
                modifiers.Add(SyntaxFactory.Token(kind));
            }
        }

        ParameterListSyntax parameters = method.ParameterList.WithParameters(SyntaxFactory.SeparatedList(
            method.ParameterList.Parameters.Select(p => p.WithAttributeLists(default).WithDefault(null).WithModifiers(Without(p.Modifiers, SyntaxKind.ParamsKeyword)))));
        return SyntaxFactory.MethodDeclaration(method.ReturnType.WithoutTrivia(), SyntaxFactory.Identifier(name))
            .WithModifiers(SyntaxFactory.TokenList(modifiers.Select(m => m.WithTrailingTrivia(SyntaxFactory.Space))))
            .WithTypeParameterList(method.TypeParameterList)
            .WithParameterList(parameters)
            .WithConstraintClauses(method.ConstraintClauses)
            .WithLeadingTrivia(EndOfLine(method));
    }

    /// <summary>A blank line before the new method, in the file's own line ending.</summary>
    private static SyntaxTrivia EndOfLine(MethodDeclarationSyntax method) =>
        method.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: (int)SyntaxKind.EndOfLineTrivia } eol
            ? eol
            : SyntaxFactory.ElasticCarriageReturnLineFeed;

    private static SyntaxNode MakeTypesPartial(SyntaxNode root, MethodDeclarationSyntax method)
    {
        TypeDeclarationSyntax[] types = method.Ancestors().OfType<TypeDeclarationSyntax>().Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)).ToArray();
        return root.ReplaceNodes(types, (original, current) => current.Modifiers.Count == 0
            ? current.WithKeyword(current.Keyword.WithLeadingTrivia())
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(current.Keyword.LeadingTrivia, SyntaxKind.PartialKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space))))
            : current.WithModifiers(WithPartial(current.Modifiers)));
    }

    /// <summary><c>partial</c> goes last, right before the return type or the type keyword.</summary>
    private static SyntaxTokenList WithPartial(SyntaxTokenList modifiers)
    {
        if (modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return modifiers;
        }

        SyntaxToken partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        return modifiers.Count == 0 ? SyntaxFactory.TokenList(partial) : modifiers.Add(partial);
    }

    private static SyntaxTokenList Without(SyntaxTokenList modifiers, SyntaxKind kind)
    {
        int index = modifiers.IndexOf(kind);
        return index < 0 ? modifiers : modifiers.RemoveAt(index);
    }
}
