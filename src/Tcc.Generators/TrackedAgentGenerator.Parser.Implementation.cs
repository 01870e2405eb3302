// The parser's search for the implementation method a wrapper calls (or why there is none: TCC011).

using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ContextCompany.Generators;

partial class TrackedAgentGenerator
{
    internal static partial class Parser
    {
        /// <summary>
        /// The implementation: same parameter types and ref kinds in order (optionally after one leading
        /// <c>AgentRun</c>), same return type, same static-ness, same generic arity with constraints the
        /// wrapper's type parameters satisfy. Among overloads, the one that matches.
        /// </summary>
        private static (bool Found, bool TakesRun, string? Problem) FindImplementation(IMethodSymbol method, Signature signature, string name)
        {
            bool anyCandidate = false;
            foreach (ISymbol member in method.ContainingType.GetMembers(name))
            {
                if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary } candidate || SymbolEqualityComparer.Default.Equals(candidate, method))
                {
                    continue;
                }

                anyCandidate = true;
                if (Matches(method, signature, candidate, out bool takesRun))
                {
                    return (true, takesRun, null);
                }
            }

            if (!anyCandidate)
            {
                return (false, false, $"no implementation method '{name}' was found in '{method.ContainingType.Name}'");
            }

            return (false, false, $"'{name}' does not match: it needs the same parameters (optionally after one AgentRun), return type, static-ness and type parameters");
        }

        private static bool Matches(IMethodSymbol method, Signature signature, IMethodSymbol candidate, out bool takesRun)
        {
            takesRun = false;
            if (candidate.IsStatic != method.IsStatic || candidate.Arity != method.Arity || candidate.ReturnsByRef || candidate.ReturnsByRefReadonly)
            {
                return false;
            }

            IMethodSymbol constructed = candidate;
            if (candidate.Arity > 0)
            {
                if (!ConstraintsSatisfied(method, signature.TypeParameters, candidate))
                {
                    return false;
                }

                constructed = candidate.Construct(signature.TypeParameters.Cast<ITypeSymbol>().ToArray());
            }

            ImmutableArray<IParameterSymbol> actual = constructed.Parameters;
            int offset = actual.Length - signature.Parameters.Length;
            if (offset == 1)
            {
                if (actual[0].RefKind != RefKind.None || !HasFullName(actual[0].Type, TrackedAgentRules.AgentRunType))
                {
                    return false;
                }

                takesRun = true;
            }
            else if (offset != 0)
            {
                return false;
            }

            for (int i = 0; i < signature.Parameters.Length; i++)
            {
                IParameterSymbol parameter = actual[i + offset];
                if (signature.Parameters[i].RefKind != parameter.RefKind || !SymbolEqualityComparer.Default.Equals(signature.ParameterTypes[i], parameter.Type))
                {
                    return false;
                }
            }

            return SymbolEqualityComparer.Default.Equals(signature.ReturnType, constructed.ReturnType);
        }

        private static bool ConstraintsSatisfied(IMethodSymbol method, ImmutableArray<ITypeParameterSymbol> typeParameters, IMethodSymbol candidate)
        {
            ImmutableArray<ITypeParameterSymbol> candidateTypeParameters = candidate.TypeParameters;
            for (int i = 0; i < candidateTypeParameters.Length; i++)
            {
                ITypeParameterSymbol required = candidateTypeParameters[i];
                ITypeParameterSymbol given = typeParameters[i];
                if ((required.HasReferenceTypeConstraint && !given.HasReferenceTypeConstraint) ||
                    (required.HasValueTypeConstraint && !given.HasValueTypeConstraint) ||
                    (required.HasUnmanagedTypeConstraint && !given.HasUnmanagedTypeConstraint) ||
                    (required.HasConstructorConstraint && !given.HasConstructorConstraint && !given.HasValueTypeConstraint))
                {
                    return false;
                }

                foreach (ITypeSymbol constraint in required.ConstraintTypes)
                {
                    if (!given.ConstraintTypes.Any(c => SameType(constraint, c, candidate, method)))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>Type equality where a type parameter of <paramref name="from"/> stands for the one of <paramref name="to"/> at the same position.</summary>
        private static bool SameType(ITypeSymbol a, ITypeSymbol b, IMethodSymbol from, IMethodSymbol to)
        {
            switch (a)
            {
                case ITypeParameterSymbol p when SymbolEqualityComparer.Default.Equals(p.DeclaringMethod, from):
                    return b is ITypeParameterSymbol q && SymbolEqualityComparer.Default.Equals(q.DeclaringMethod, to) && q.Ordinal == p.Ordinal;
                case IArrayTypeSymbol array:
                    return b is IArrayTypeSymbol other && array.Rank == other.Rank && SameType(array.ElementType, other.ElementType, from, to);
                case INamedTypeSymbol { IsGenericType: true } named:
                    return b is INamedTypeSymbol otherNamed &&
                        SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, otherNamed.OriginalDefinition) &&
                        named.TypeArguments.Zip(otherNamed.TypeArguments, (x, y) => SameType(x, y, from, to)).All(same => same);
                default:
                    return SymbolEqualityComparer.Default.Equals(a, b);
            }
        }
    }
}
