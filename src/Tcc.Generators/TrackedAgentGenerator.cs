using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ContextCompany.Generators.Helpers;
using ContextCompany.Generators.Model;
using Microsoft.CodeAnalysis;
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
        IncrementalValuesProvider<TrackedMethodSpec> methods = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                TrackedAgentRules.TrackedAgentAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (context, cancellationToken) => context.TargetSymbol is IMethodSymbol method && context.Attributes.Length == 1
                    ? Parser.Parse(method, (MethodDeclarationSyntax)context.TargetNode, context.Attributes[0], cancellationToken)
                    : null)
            .WithTrackingName(TrackingNames.TrackedMethods)
            .Where(static method => method is not null)
            .Select(static (method, _) => method!)
            .WithTrackingName(TrackingNames.WrappableMethods);

        IncrementalValuesProvider<TrackedTypeSpec> types = methods
            .Collect()
            .SelectMany(static (all, _) => GroupByType(all))
            .WithTrackingName(TrackingNames.TrackedTypes);

        context.RegisterSourceOutput(types, static (output, type) => output.AddSource(type.Type.HintName, Emitter.Emit(type)));
    }

    private static IEnumerable<TrackedTypeSpec> GroupByType(ImmutableArray<TrackedMethodSpec> methods) =>
        methods
            .GroupBy(method => method.Type)
            .Select(group => new TrackedTypeSpec(group.Key, group.OrderBy(m => m.SortKey, System.StringComparer.Ordinal).ToEquatableArray()))
            .OrderBy(type => type.Type.HintName, System.StringComparer.Ordinal);

    /// <summary>The names of the pipeline's steps, for incremental tests (<c>GeneratorRunResult.TrackedSteps</c>).</summary>
    public static class TrackingNames
    {
        /// <summary>One entry per <c>[TrackedAgent]</c> method: its model, or null when nothing can be written.</summary>
        public const string TrackedMethods = nameof(TrackedMethods);

        /// <summary>The methods an implementing part is written for.</summary>
        public const string WrappableMethods = nameof(WrappableMethods);

        /// <summary>One entry per containing type: the contents of one generated file.</summary>
        public const string TrackedTypes = nameof(TrackedTypes);
    }
}
