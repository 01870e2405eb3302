using ContextCompany.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ContextCompany.Generators;

/// <summary>
/// Writes the body of every partial method declaration marked <c>[TrackedAgent]</c>: a wrapper that
/// creates, fills and ends a run around a call to the implementation method. One file per containing
/// type (<c>Namespace.Type.TrackedAgents.g.cs</c>).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class TrackedAgentGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // One entry per [TrackedAgent] partial declaration: the first tracked method of each type carries
        // the whole type's file, the others null. No Collect: an edit to one type leaves the others' files
        // cached. The predicate leaves out, by syntax alone, what can never be written (no partial modifier,
        // or a body): after each edit the transform runs again for every node the predicate accepts.
        IncrementalValuesProvider<TrackedTypeSpec> files = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                TrackedAgentRules.TrackedAgentAttribute,
                static (node, _) => node is MethodDeclarationSyntax { Body: null, ExpressionBody: null } declaration &&
                    declaration.Modifiers.Any(SyntaxKind.PartialKeyword),
                static (context, cancellationToken) => context.TargetSymbol is IMethodSymbol method
                    ? Parser.ParseType(method, cancellationToken)
                    : null)
            .WithTrackingName(TrackingNames.TrackedTypes)
            .Where(static type => type is not null)
            .Select(static (type, _) => type!)
            .WithTrackingName(TrackingNames.GeneratedFiles);

        context.RegisterSourceOutput(files, static (output, type) => output.AddSource(type.Type.HintName, Emitter.Emit(type)));
    }

    /// <summary>The names of the pipeline's steps, for incremental tests (<c>GeneratorRunResult.TrackedSteps</c>).</summary>
    public static class TrackingNames
    {
        /// <summary>One entry per <c>[TrackedAgent]</c> partial declaration without a body: its type's file model when it is the type's first tracked method, else null.</summary>
        public const string TrackedTypes = nameof(TrackedTypes);

        /// <summary>One entry per generated file (per containing type).</summary>
        public const string GeneratedFiles = nameof(GeneratedFiles);
    }
}
