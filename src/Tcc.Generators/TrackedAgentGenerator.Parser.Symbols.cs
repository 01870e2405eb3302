// The parser's symbol helpers: names as written in C#, full-name checks that build no string.

using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ContextCompany.Generators;

partial class TrackedAgentGenerator
{
    internal static partial class Parser
    {
        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static bool IsPointer(ITypeSymbol type) => type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer;

        /// <summary>A name as it must be written in C#: keywords get an <c>@</c>.</summary>
        internal static string Identifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.ArgListKeyword
                ? "@" + name
                : name;

        /// <summary>
        /// The written form of the types in one containing type's signatures, each built once: the tracked
        /// methods of a type mostly share them (<c>Task&lt;string&gt;</c>, <c>string</c>). The comparer tells
        /// apart everything the written form shows: nullability, tuple element names, <c>dynamic</c>, native
        /// integers.
        /// </summary>
        private sealed class TypeNames
        {
            private readonly Dictionary<ITypeSymbol, string> _names = new(SymbolEqualityComparer.IncludeNullability);

            public string Of(ITypeSymbol type)
            {
                if (!_names.TryGetValue(type, out string? name))
                {
                    name = type.ToDisplayString(TypeFormat);
                    _names.Add(type, name);
                }

                return name;
            }
        }

        /// <summary>
        /// Whether <paramref name="symbol"/>'s <c>ToDisplayString()</c> is <paramref name="fullName"/>, for a
        /// non-generic type or a namespace, without building the string: this runs for every attribute and
        /// parameter of every tracked method after each edit.
        /// </summary>
        private static bool HasFullName(ISymbol? symbol, string fullName)
        {
            if (symbol is ITypeSymbol { NullableAnnotation: NullableAnnotation.Annotated })
            {
                return false; // displayed with a trailing '?'
            }

            int end = fullName.Length;
            while (symbol is INamespaceSymbol { IsGlobalNamespace: false } or INamedTypeSymbol { Arity: 0 })
            {
                string name = symbol.Name;
                int start = end - name.Length;
                if (start < 0 || string.CompareOrdinal(fullName, start, name, 0, name.Length) != 0)
                {
                    return false;
                }

                symbol = symbol.ContainingSymbol;
                if (start == 0)
                {
                    // Nothing more may be displayed in front of the name.
                    return symbol is not (INamespaceSymbol { IsGlobalNamespace: false } or INamedTypeSymbol);
                }

                if (fullName[start - 1] != '.')
                {
                    return false;
                }

                end = start - 1;
            }

            return false;
        }

        /// <summary>Whether <paramref name="ns"/> is the namespace <paramref name="fullName"/> (not the global namespace).</summary>
        private static bool IsNamespace(INamespaceSymbol? ns, string fullName) => HasFullName(ns, fullName);
    }
}
