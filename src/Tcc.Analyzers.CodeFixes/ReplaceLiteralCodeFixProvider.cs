using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ContextCompany.Analyzers.CodeFixes;

/// <summary>
/// TCC004 (replace with the closest valid score) and TCC007 (replace with the intended reserved key): a
/// string literal replaced by the right one.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceLiteralCodeFixProvider)), Shared]
public sealed class ReplaceLiteralCodeFixProvider : CodeFixProvider
{
    private const string InvalidScoreKey = DiagnosticIds.InvalidFeedbackScore + ".UseClosestScore";
    private const string UnknownKeyKey = DiagnosticIds.UnknownReservedKey + ".UseIntendedKey";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.InvalidFeedbackScore, DiagnosticIds.UnknownReservedKey);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (Diagnostic diagnostic in context.Diagnostics)
        {
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal ||
                !literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                continue;
            }

            string? replacement = diagnostic.Id == DiagnosticIds.InvalidFeedbackScore
                ? ClosestFeedbackScore(literal.Token.ValueText)
                : diagnostic.Properties.TryGetValue(MetadataAnalyzer.IntendedKeyProperty, out string? intended) ? intended : null;
            if (replacement is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Use \"{replacement}\"",
                    cancellationToken => ReplaceAsync(context.Document, literal, replacement, cancellationToken),
                    equivalenceKey: diagnostic.Id == DiagnosticIds.InvalidFeedbackScore ? InvalidScoreKey : UnknownKeyKey),
                diagnostic);
        }
    }

    /// <summary>
    /// The valid score a mistyped one most likely meant: <c>"Thumbs_Up"</c>, <c>"up"</c> → <see cref="TccRules.ThumbsUp"/>;
    /// <c>"bad"</c>, <c>"-1"</c> → <see cref="TccRules.ThumbsDown"/>.
    /// </summary>
    /// <param name="score">The invalid score.</param>
    /// <returns><see cref="TccRules.ThumbsUp"/> or <see cref="TccRules.ThumbsDown"/>.</returns>
    public static string ClosestFeedbackScore(string score)
    {
        string s = score.Trim().ToLowerInvariant();
        if (s.Contains("down"))
        {
            return TccRules.ThumbsDown;
        }

        if (s.Contains("up"))
        {
            return TccRules.ThumbsUp;
        }

        return s is "-1" or "0" or "no" or "false" or "bad" or "negative" or "dislike" ? TccRules.ThumbsDown : TccRules.ThumbsUp;
    }

    private static async Task<Document> ReplaceAsync(Document document, LiteralExpressionSyntax literal, string value, CancellationToken cancellationToken)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        LiteralExpressionSyntax replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value))
            .WithTriviaFrom(literal);
        return document.WithSyntaxRoot(root.ReplaceNode(literal, replacement));
    }
}
