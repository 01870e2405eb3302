// The parser's containing types: whether every one of them is partial, and the model of the chain the
// generated file repeats.

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ContextCompany.Generators.Helpers;
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
        /// The innermost of <paramref name="innermost"/> and the types that contain it that no declaration
        /// marks <c>partial</c>, or null when they all are: a generated part can only be added to partial
        /// types. The analyzer names this type in TCC010.
        /// </summary>
        public static INamedTypeSymbol? FirstNonPartialType(INamedTypeSymbol innermost, CancellationToken cancellationToken)
        {
            for (INamedTypeSymbol? type = innermost; type is not null; type = type.ContainingType)
            {
                if (!HasPartialDeclaration(type, cancellationToken))
                {
                    return type;
                }
            }

            return null;
        }

        // A loop, not Any(lambda): the lambda would capture the token, a closure per type after every edit.
        private static bool HasPartialDeclaration(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The chain of partial classes, structs and interfaces that hold the method, or null when a part cannot be added to one of them.</summary>
        private static ContainingTypeChain? ContainingTypes(INamedTypeSymbol innermost, CancellationToken cancellationToken)
        {
            if (FirstNonPartialType(innermost, cancellationToken) is not null)
            {
                return null;
            }

            List<ContainingTypeSpec> types = new();
            for (INamedTypeSymbol? type = innermost; type is not null; type = type.ContainingType)
            {
                if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface))
                {
                    return null;
                }

                types.Insert(0, new ContainingTypeSpec(Keyword(type), Identifier(type.Name), TypeParameterList(type), type.Arity));
            }

            INamespaceSymbol ns = innermost.ContainingNamespace;
            return new ContainingTypeChain(ns is null || ns.IsGlobalNamespace ? null : ns.ToDisplayString(), types.ToEquatableArray());
        }

        private static string Keyword(INamedTypeSymbol type)
        {
            string refPrefix = type.IsRefLikeType ? "ref " : string.Empty;
            return type switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => refPrefix + "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };
        }

        private static string TypeParameterList(INamedTypeSymbol type) =>
            type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(t => Identifier(t.Name))) + ">";
    }
}
