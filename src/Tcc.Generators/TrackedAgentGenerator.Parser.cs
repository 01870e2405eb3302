using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using ContextCompany.Generators.Helpers;
using ContextCompany.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ContextCompany.Generators;

partial class TrackedAgentGenerator
{
    /// <summary>
    /// Turns a method marked <c>[TrackedAgent]</c> into a <see cref="TrackedMethodSpec"/>: what to write, or
    /// why it cannot be wrapped. Never throws, whatever the input, including code typed halfway.
    /// </summary>
    internal static partial class Parser
    {
        /// <summary>
        /// The contents of the file of <paramref name="method"/>'s containing type, when <paramref name="method"/>
        /// is the first of that type's tracked methods that can be written (by file, then position); null for
        /// the others, so that each type produces exactly one entry and the pipeline needs no <c>Collect</c>:
        /// an edit to one type then leaves the other types' outputs cached.
        /// </summary>
        /// <remarks>
        /// This runs again for every tracked method after any edit (the compilation changes), so the methods
        /// that do not carry the file leave as early as they can: at the first earlier tracked method that can
        /// be written, found without building any string.
        /// </remarks>
        public static TrackedTypeSpec? ParseType(IMethodSymbol method, CancellationToken cancellationToken)
        {
            ImmutableArray<ISymbol> members = method.ContainingType.GetMembers();
            foreach (ISymbol member in members)
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } other &&
                    IsBefore(other, method) &&
                    IsTracked(other) &&
                    CanWriteMember(other, cancellationToken))
                {
                    return null;
                }
            }

            if (!IsTracked(method) || !CanWriteMember(method, cancellationToken) || ContainingTypes(method.ContainingType, cancellationToken) is not { } chain)
            {
                return null;
            }

            List<TrackedMethodSpec> methods = new();
            TypeNames names = new();
            bool needsUnsafe = false;
            foreach (ISymbol member in members)
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } candidate &&
                    TrackedAgentAttribute(candidate) is { } attribute &&
                    CanWriteMember(candidate, cancellationToken))
                {
                    MethodDeclarationSyntax syntax = (MethodDeclarationSyntax)candidate.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
                    methods.Add(Parse(candidate, syntax, attribute, names, cancellationToken));
                    needsUnsafe |= NeedsUnsafeType(candidate, syntax);
                }
            }

            return new TrackedTypeSpec(chain, methods.OrderBy(m => m.SortKey, System.StringComparer.Ordinal).ToEquatableArray(), needsUnsafe);
        }

        /// <summary>Whether <paramref name="a"/> is declared before <paramref name="b"/>: by file path, then position.</summary>
        private static bool IsBefore(IMethodSymbol a, IMethodSymbol b)
        {
            if (a.Locations.IsEmpty || b.Locations.IsEmpty)
            {
                return false;
            }

            Location first = a.Locations[0];
            Location second = b.Locations[0];
            int byFile = string.CompareOrdinal(first.SourceTree?.FilePath, second.SourceTree?.FilePath);
            return byFile < 0 || (byFile == 0 && first.SourceSpan.Start < second.SourceSpan.Start);
        }

        /// <summary>The spec of one method that <see cref="CanWrite"/>: its wrapper, or why it cannot be wrapped.</summary>
        public static TrackedMethodSpec Parse(IMethodSymbol method, AttributeData attribute, CancellationToken cancellationToken) =>
            Parse(method, (MethodDeclarationSyntax)method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken), attribute, new TypeNames(), cancellationToken);

        private static TrackedMethodSpec Parse(IMethodSymbol method, MethodDeclarationSyntax syntax, AttributeData attribute, TypeNames names, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string modifiers = Modifiers(syntax);

            // Read once: every read of a symbol's parameters, type parameters or types builds new objects.
            Signature signature = new(method);
            ParameterSpec[] parameters = new ParameterSpec[signature.Parameters.Length];
            SdkAttributes[] attributes = new SdkAttributes[signature.Parameters.Length];
            for (int i = 0; i < parameters.Length; i++)
            {
                (parameters[i], attributes[i]) = Parameter(signature.Parameters[i], signature.ParameterTypes[i], names);
            }

            (ReturnShape shape, string? elementType) = Shape(signature.ReturnType, names);
            string typeParameters = signature.TypeParameters.Length == 0
                ? string.Empty
                : "<" + string.Join(", ", signature.TypeParameters.Select(t => Identifier(t.Name))) + ">";

            (string? failureId, string? failureMessage) = UnsupportedSignature(method, signature);
            WrapperSpec? wrapper = null;
            if (failureId is null)
            {
                (wrapper, failureId, failureMessage) = Wrapper(method, signature, attribute, shape, parameters, attributes);
            }

            string refReturn = method.ReturnsByRefReadonly ? "ref readonly " : method.ReturnsByRef ? "ref " : string.Empty;
            return new TrackedMethodSpec(
                Identifier(method.Name),
                modifiers,
                refReturn + names.Of(signature.ReturnType),
                shape,
                elementType,
                typeParameters,
                signature.TypeParameters.IsEmpty ? EquatableArray<string>.Empty : Constraints(signature.TypeParameters).ToEquatableArray(),
                new EquatableArray<ParameterSpec>(parameters),
                wrapper,
                failureId,
                failureMessage);
        }
    }
}
