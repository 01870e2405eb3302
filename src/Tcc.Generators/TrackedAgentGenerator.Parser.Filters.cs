// The parser's filters: which [TrackedAgent] declarations an implementing part can be written for.
// The analyzers compile this in too, so they and the generator agree on what is left to the compiler.

using System.Collections.Immutable;
using System.Threading;
using ContextCompany.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ContextCompany.Generators;

partial class TrackedAgentGenerator
{
    internal static partial class Parser
    {
        /// <summary>
        /// Whether an implementing part can be written for <paramref name="method"/>: a partial declaration
        /// without a body or an implementing part, in partial types, whose signature names only types that
        /// exist (otherwise the compiler's own error says what is wrong; repeating the signature would only
        /// repeat it).
        /// </summary>
        public static bool CanWrite(IMethodSymbol method, CancellationToken cancellationToken) =>
            CanWriteMember(method, cancellationToken) && ContainingTypes(method.ContainingType, cancellationToken) is not null;

        /// <summary><see cref="CanWrite"/> without the check of the containing types, which is the same for every method of a type.</summary>
        private static bool CanWriteMember(IMethodSymbol method, CancellationToken cancellationToken)
        {
            ImmutableArray<SyntaxReference> references = method.DeclaringSyntaxReferences;
            return references.Length == 1 &&
                references[0].GetSyntax(cancellationToken) is MethodDeclarationSyntax syntax &&
                !syntax.ContainsDiagnostics &&
                IsPartialDefinition(method, syntax) &&
                IsValidPartialDeclaration(method, syntax) &&
                !HasErrorType(method);
        }

        /// <summary>
        /// The compiler's rules for a partial method declaration. When the user's declaration breaks one, the
        /// compiler already says so there; an implementing part would only repeat the error.
        /// </summary>
        private static bool IsValidPartialDeclaration(IMethodSymbol method, MethodDeclarationSyntax syntax)
        {
            bool hasAccessibility = false;
            bool needsAccessibility = !method.ReturnsVoid;
            foreach (SyntaxToken modifier in syntax.Modifiers)
            {
                switch (modifier.Kind())
                {
                    case SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword or SyntaxKind.ProtectedKeyword or SyntaxKind.InternalKeyword:
                        hasAccessibility = true;
                        break;
                    case SyntaxKind.VirtualKeyword or SyntaxKind.OverrideKeyword or SyntaxKind.SealedKeyword or SyntaxKind.NewKeyword:
                        needsAccessibility = true;
                        break;
                    case SyntaxKind.ExternKeyword:
                        return false;
                }
            }

            foreach (IParameterSymbol parameter in method.Parameters)
            {
                needsAccessibility |= parameter.RefKind == RefKind.Out;
            }

            return (hasAccessibility || !needsAccessibility) &&
                !(method.ContainingType.IsStatic && !method.IsStatic);
        }

        private static bool IsPartialDefinition(IMethodSymbol method, MethodDeclarationSyntax syntax) =>
            syntax.Modifiers.Any(SyntaxKind.PartialKeyword) &&
            syntax.Body is null &&
            syntax.ExpressionBody is null &&
            method.IsPartialDefinition &&
            (method.PartialImplementationPart is null || IsGeneratedPart(method.PartialImplementationPart)) && // not written by the user
            method.MethodKind == MethodKind.Ordinary &&
            !method.ContainingType.IsImplicitlyDeclared;

        /// <summary>The method's <c>[TrackedAgent]</c> attribute, or null when it has none.</summary>
        public static AttributeData? TrackedAgentAttribute(IMethodSymbol method)
        {
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (HasFullName(attribute.AttributeClass, TrackedAgentRules.TrackedAgentAttribute))
                {
                    return attribute;
                }
            }

            return null;
        }

        private static bool IsTracked(IMethodSymbol method) => TrackedAgentAttribute(method) is not null;

        /// <summary>An implementing part this generator wrote (the analyzers see the compilation with it).</summary>
        public static bool IsGeneratedPart(IMethodSymbol part) =>
            part.DeclaringSyntaxReferences.Length == 1 &&
            part.DeclaringSyntaxReferences[0].SyntaxTree.FilePath.EndsWith(ContainingTypeChain.FileSuffix, System.StringComparison.Ordinal);

        private static bool HasErrorType(IMethodSymbol method)
        {
            if (IsOrContainsError(method.ReturnType))
            {
                return true;
            }

            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (IsOrContainsError(parameter.Type))
                {
                    return true;
                }
            }

            foreach (ITypeParameterSymbol typeParameter in method.TypeParameters)
            {
                if (AnyError(typeParameter.ConstraintTypes))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsOrContainsError(ITypeSymbol type) => type switch
        {
            { TypeKind: TypeKind.Error } => true,
            INamedTypeSymbol named => AnyError(named.TypeArguments),
            IArrayTypeSymbol array => IsOrContainsError(array.ElementType),
            IPointerTypeSymbol pointer => IsOrContainsError(pointer.PointedAtType),
            _ => false,
        };

        private static bool AnyError(ImmutableArray<ITypeSymbol> types)
        {
            foreach (ITypeSymbol type in types)
            {
                if (IsOrContainsError(type))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
