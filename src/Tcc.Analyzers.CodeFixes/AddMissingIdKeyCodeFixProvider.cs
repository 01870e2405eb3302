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

namespace ContextCompany.Analyzers.CodeFixes;

/// <summary>
/// TCC003: adds the missing ID key next to the name, in the same form (a chained <c>Metadata</c> call, a
/// tuple, a dictionary entry), with an empty value to fill in.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddMissingIdKeyCodeFixProvider)), Shared]
public sealed class AddMissingIdKeyCodeFixProvider : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.NameWithoutId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(MetadataAnalyzer.MissingKeyProperty, out string? missing) || missing is null ||
                root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax key ||
                Edit(key, missing) is not { } edit)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Add '{missing}'",
                    cancellationToken => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(edit.Old, edit.New))),
                    equivalenceKey: DiagnosticIds.NameWithoutId + ".AddMissingId"),
                diagnostic);
        }
    }

    private static (SyntaxNode Old, SyntaxNode New)? Edit(ExpressionSyntax key, string missing)
    {
        LiteralExpressionSyntax missingKey = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(missing));
        LiteralExpressionSyntax empty = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(string.Empty));
        switch (key.Parent)
        {
            // r.Metadata("tcc.userName", name) → r.Metadata("tcc.userName", name).Metadata("tcc.userId", "")
            case ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 2, Parent: InvocationExpressionSyntax call } }:
                InvocationExpressionSyntax chained = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, call.WithoutTrailingTrivia(), SyntaxFactory.IdentifierName("Metadata")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(missingKey), SyntaxFactory.Argument(empty) })))
                    .WithTrailingTrivia(call.GetTrailingTrivia());
                return (call, chained);

            // r.Metadata(("tcc.userName", name)) → r.Metadata(("tcc.userName", name), ("tcc.userId", ""))
            case ArgumentSyntax { Parent: TupleExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax list } } }:
                TupleExpressionSyntax tuple = SyntaxFactory.TupleExpression(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(missingKey), SyntaxFactory.Argument(empty) }));
                return (list, list.AddArguments(SyntaxFactory.Argument(tuple)));

            // ["tcc.userName"] = name → also ["tcc.userId"] = ""
            case ArgumentSyntax { Parent: BracketedArgumentListSyntax { Parent: ImplicitElementAccessSyntax { Parent: AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax initializer } } } }:
                AssignmentExpressionSyntax entry = SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.ImplicitElementAccess(SyntaxFactory.BracketedArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(missingKey)))),
                    empty);
                return (initializer, initializer.AddExpressions(entry));

            // { "tcc.userName", name } → also { "tcc.userId", "" }
            case InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ComplexElementInitializerExpression, Parent: InitializerExpressionSyntax collection }:
                InitializerExpressionSyntax element = SyntaxFactory.InitializerExpression(
                    SyntaxKind.ComplexElementInitializerExpression,
                    SyntaxFactory.SeparatedList<ExpressionSyntax>(new ExpressionSyntax[] { missingKey, empty }));
                return (collection, collection.AddExpressions(element));

            default:
                return null; // [Metadata("tcc.userName")] parameters: the fix would change the method's signature
        }
    }
}
