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
    /// <summary>
    /// Turns a method marked <c>[TrackedAgent]</c> into a <see cref="TrackedMethodSpec"/>: what to write, or
    /// why it cannot be wrapped. Never throws, whatever the input, including code typed halfway.
    /// </summary>
    internal static class Parser
    {
        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>
        /// The contents of the file of <paramref name="method"/>'s containing type, when <paramref name="method"/>
        /// is the first of that type's tracked methods (by declaration position); null for the others, so
        /// that each type produces exactly one entry and the pipeline needs no <c>Collect</c>: an edit to one
        /// type then leaves the other types' outputs cached.
        /// </summary>
        public static TrackedTypeSpec? ParseType(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (!CanWrite(method))
            {
                return null;
            }

            List<IMethodSymbol> tracked = new();
            foreach (ISymbol member in method.ContainingType.GetMembers())
            {
                if (member is IMethodSymbol candidate && TrackedAgentAttribute(candidate) is not null && CanWrite(candidate))
                {
                    tracked.Add(candidate);
                }
            }

            IMethodSymbol first = tracked.OrderBy(m => m.Locations[0].SourceTree?.FilePath, System.StringComparer.Ordinal)
                .ThenBy(m => m.Locations[0].SourceSpan.Start)
                .First();
            if (!SymbolEqualityComparer.Default.Equals(first, method))
            {
                return null;
            }

            ContainingTypeChain chain = ContainingTypes(method.ContainingType)!;
            TrackedMethodSpec[] methods = tracked
                .Select(m => Parse(m, TrackedAgentAttribute(m)!, chain, cancellationToken))
                .OrderBy(m => m.SortKey, System.StringComparer.Ordinal)
                .ToArray();
            bool needsUnsafe = tracked.Any(m => NeedsUnsafeType(m, (MethodDeclarationSyntax)m.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken)));
            return new TrackedTypeSpec(chain, methods.ToEquatableArray(), needsUnsafe);
        }

        /// <summary>
        /// Whether an implementing part can be written for <paramref name="method"/>: a partial declaration
        /// without a body or an implementing part, in partial types, whose signature names only types that
        /// exist (otherwise the compiler's own error says what is wrong; repeating the signature would only
        /// repeat it).
        /// </summary>
        public static bool CanWrite(IMethodSymbol method) =>
            method.DeclaringSyntaxReferences.Length == 1 &&
            method.DeclaringSyntaxReferences[0].GetSyntax() is MethodDeclarationSyntax syntax &&
            !syntax.ContainsDiagnostics &&
            IsPartialDefinition(method, syntax) &&
            IsValidPartialDeclaration(method, syntax) &&
            ContainingTypes(method.ContainingType) is not null &&
            !HasErrorType(method);

        /// <summary>
        /// The compiler's rules for a partial method declaration. When the user's declaration breaks one, the
        /// compiler already says so there; an implementing part would only repeat the error.
        /// </summary>
        private static bool IsValidPartialDeclaration(IMethodSymbol method, MethodDeclarationSyntax syntax)
        {
            bool hasAccessibility = syntax.Modifiers.Any(m => m.Kind() is SyntaxKind.PublicKeyword or SyntaxKind.PrivateKeyword
                or SyntaxKind.ProtectedKeyword or SyntaxKind.InternalKeyword);
            bool needsAccessibility = !method.ReturnsVoid ||
                method.Parameters.Any(p => p.RefKind == RefKind.Out) ||
                syntax.Modifiers.Any(m => m.Kind() is SyntaxKind.VirtualKeyword or SyntaxKind.OverrideKeyword
                    or SyntaxKind.SealedKeyword or SyntaxKind.NewKeyword or SyntaxKind.ExternKeyword);
            return (hasAccessibility || !needsAccessibility) &&
                !syntax.Modifiers.Any(SyntaxKind.ExternKeyword) &&
                !(method.ContainingType.IsStatic && !method.IsStatic);
        }

        public static AttributeData? TrackedAgentAttribute(IMethodSymbol method)
        {
            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == TrackedAgentRules.TrackedAgentAttribute)
                {
                    return attribute;
                }
            }

            return null;
        }

        /// <summary>The spec of one method that <see cref="CanWrite"/>: its wrapper, or why it cannot be wrapped.</summary>
        public static TrackedMethodSpec Parse(IMethodSymbol method, AttributeData attribute, ContainingTypeChain chain, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            MethodDeclarationSyntax syntax = (MethodDeclarationSyntax)method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            string modifiers = Modifiers(syntax);
            ParameterSpec[] parameters = method.Parameters.Select(Parameter).ToArray();
            (ReturnShape shape, string? elementType) = Shape(method);
            string typeParameters = method.TypeParameters.Length == 0
                ? string.Empty
                : "<" + string.Join(", ", method.TypeParameters.Select(t => Identifier(t.Name))) + ">";

            (string? failureId, string? failureMessage) = UnsupportedSignature(method);
            WrapperSpec? wrapper = null;
            if (failureId is null)
            {
                (wrapper, failureId, failureMessage) = Wrapper(method, attribute, shape, parameters);
            }

            string refReturn = method.ReturnsByRefReadonly ? "ref readonly " : method.ReturnsByRef ? "ref " : string.Empty;
            return new TrackedMethodSpec(
                Identifier(method.Name),
                modifiers,
                refReturn + method.ReturnType.ToDisplayString(TypeFormat),
                shape,
                elementType,
                typeParameters,
                Constraints(method).ToEquatableArray(),
                parameters.ToEquatableArray(),
                wrapper,
                failureId,
                failureMessage);
        }

        private static bool IsPartialDefinition(IMethodSymbol method, MethodDeclarationSyntax syntax) =>
            syntax.Modifiers.Any(SyntaxKind.PartialKeyword) &&
            syntax.Body is null &&
            syntax.ExpressionBody is null &&
            method.IsPartialDefinition &&
            (method.PartialImplementationPart is null || IsGeneratedPart(method.PartialImplementationPart)) && // not written by the user
            method.MethodKind == MethodKind.Ordinary &&
            !method.ContainingType.IsImplicitlyDeclared;

        public static ContainingTypeChain? ContainingTypes(INamedTypeSymbol innermost)
        {
            List<ContainingTypeSpec> types = new();
            for (INamedTypeSymbol? type = innermost; type is not null; type = type.ContainingType)
            {
                if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface) ||
                    !type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword)))
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

        /// <summary>The declaration's modifiers without <c>partial</c> and <c>async</c>, which both parts must share.</summary>
        private static string Modifiers(MethodDeclarationSyntax syntax) =>
            string.Join(" ", syntax.Modifiers
                .Where(m => !m.IsKind(SyntaxKind.PartialKeyword) && !m.IsKind(SyntaxKind.AsyncKeyword))
                .Select(m => m.Text));

        /// <summary>
        /// A signature with pointers needs an unsafe context. Both parts of a partial method must agree on
        /// <c>unsafe</c>, so when the declaration relies on its type being unsafe, the generated type part is
        /// made unsafe instead.
        /// </summary>
        private static bool NeedsUnsafeType(IMethodSymbol method, MethodDeclarationSyntax syntax) =>
            (method.Parameters.Any(p => IsPointer(p.Type)) || IsPointer(method.ReturnType)) &&
            !syntax.Modifiers.Any(SyntaxKind.UnsafeKeyword);

        private static ParameterSpec Parameter(IParameterSymbol parameter)
        {
            string modifier = parameter.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                _ => string.Empty,
            };
            if (parameter.IsParams)
            {
                modifier = "params " + modifier;
            }

            if (parameter.IsThis)
            {
                modifier = "this " + modifier;
            }

            string? metadataKey = null;
            bool enumeratorCancellation = false;
            foreach (AttributeData attribute in parameter.GetAttributes())
            {
                string? name = attribute.AttributeClass?.ToDisplayString();
                if (name == TrackedAgentRules.MetadataAttribute &&
                    attribute.ConstructorArguments.Length == 1 &&
                    attribute.ConstructorArguments[0].Value is string key)
                {
                    metadataKey = key;
                }
                else if (name == "System.Runtime.CompilerServices.EnumeratorCancellationAttribute")
                {
                    enumeratorCancellation = true;
                }
            }

            return new ParameterSpec(
                Identifier(parameter.Name),
                parameter.Type.ToDisplayString(TypeFormat),
                modifier,
                metadataKey,
                parameter.Type.SpecialType == SpecialType.System_String,
                enumeratorCancellation);
        }

        private static (ReturnShape Shape, string? ElementType) Shape(IMethodSymbol method)
        {
            if (method.ReturnsVoid)
            {
                return (ReturnShape.Void, null);
            }

            if (method.ReturnType is INamedTypeSymbol named && named.ContainingNamespace?.ToDisplayString() is { } ns)
            {
                string name = named.MetadataName;
                ITypeSymbol? argument = named.TypeArguments.Length == 1 ? named.TypeArguments[0] : null;
                string? element = argument?.ToDisplayString(TypeFormat);
                switch (ns, name)
                {
                    case ("System.Threading.Tasks", "Task"):
                        return (ReturnShape.Task, null);
                    case ("System.Threading.Tasks", "ValueTask"):
                        return (ReturnShape.ValueTask, null);
                    case ("System.Threading.Tasks", "Task`1"):
                        return (ReturnShape.TaskOfValue, element);
                    case ("System.Threading.Tasks", "ValueTask`1"):
                        return (ReturnShape.ValueTaskOfValue, element);
                    case ("System.Collections.Generic", "IEnumerable`1") when argument!.SpecialType == SpecialType.System_String:
                        return (ReturnShape.Enumerable, element);
                    case ("System.Collections.Generic", "IAsyncEnumerable`1") when argument!.SpecialType == SpecialType.System_String:
                        return (ReturnShape.AsyncEnumerable, element);
                }
            }

            return (ReturnShape.Value, method.ReturnType.ToDisplayString(TypeFormat));
        }

        /// <summary>TCC013: signatures a wrapper cannot forward.</summary>
        private static (string? Id, string? Message) UnsupportedSignature(IMethodSymbol method)
        {
            if (method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                return (DiagnosticIds.UnsupportedSignature, "a tracked method cannot return by reference");
            }

            foreach (IParameterSymbol parameter in method.Parameters)
            {
                if (parameter.RefKind != RefKind.None)
                {
                    return (DiagnosticIds.UnsupportedSignature, $"parameter '{parameter.Name}' is passed by reference (ref, out or in)");
                }

                if (IsPointer(parameter.Type) || parameter.Type.IsRefLikeType)
                {
                    return (DiagnosticIds.UnsupportedSignature, $"parameter '{parameter.Name}' has a pointer or ref struct type");
                }
            }

            if (IsPointer(method.ReturnType) || method.ReturnType.IsRefLikeType)
            {
                return (DiagnosticIds.UnsupportedSignature, "a tracked method cannot return a pointer or ref struct type");
            }

            return (null, null);
        }

        private static (WrapperSpec? Wrapper, string? FailureId, string? FailureMessage) Wrapper(
            IMethodSymbol method, AttributeData attribute, ReturnShape shape, ParameterSpec[] parameters)
        {
            string? agentName = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;
            bool conversational = false;
            string? systemPrompt = null;
            string? implementationName = null;
            foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
            {
                switch (argument.Key)
                {
                    case TrackedAgentRules.ConversationalProperty when argument.Value.Value is bool value:
                        conversational = value;
                        break;
                    case TrackedAgentRules.SystemPromptProperty:
                        systemPrompt = argument.Value.Value as string;
                        break;
                    case TrackedAgentRules.ImplementationProperty:
                        implementationName = argument.Value.Value as string;
                        break;
                }
            }

            // An empty or whitespace name is reported by the analyzer (TCC015); the wrapper sends no agent.
            if (string.IsNullOrWhiteSpace(agentName))
            {
                agentName = null;
            }

            ImmutableAttributeNames[] attributes = method.Parameters.Select(p => new ImmutableAttributeNames(p)).ToArray();
            int prompt = TrackedAgentRules.FindPromptParameter(
                parameters.Length,
                i => parameters[i].IsString,
                i => attributes[i].Has(TrackedAgentRules.PromptAttribute),
                i => attributes[i].HasOtherSdkAttribute,
                out PromptProblem promptProblem);
            if (promptProblem != PromptProblem.None)
            {
                return (null, DiagnosticIds.NoPrompt, PromptMessage(promptProblem));
            }

            implementationName = string.IsNullOrEmpty(implementationName)
                ? TrackedAgentRules.DefaultImplementationName(method.Name)
                : implementationName;
            (bool found, bool takesRun, string? mismatch) = FindImplementation(method, implementationName!);
            if (!found)
            {
                return (null, DiagnosticIds.NoImplementation, mismatch);
            }

            int cancellationToken = -1;
            for (int i = 0; i < method.Parameters.Length; i++)
            {
                if (method.Parameters[i].Type.ToDisplayString() == "System.Threading.CancellationToken")
                {
                    cancellationToken = i;
                    break;
                }
            }

            bool addEnumeratorCancellation = shape == ReturnShape.AsyncEnumerable &&
                cancellationToken >= 0 &&
                !parameters.Any(p => p.HasEnumeratorCancellation);

            return (new WrapperSpec(
                agentName,
                conversational,
                systemPrompt,
                prompt,
                IndexOf(attributes, TrackedAgentRules.SystemPromptAttribute),
                IndexOf(attributes, TrackedAgentRules.SessionIdAttribute),
                IndexOf(attributes, TrackedAgentRules.RunIdAttribute),
                Identifier(implementationName!),
                takesRun,
                cancellationToken,
                addEnumeratorCancellation), null, null);
        }

        private static string PromptMessage(PromptProblem problem) => problem switch
        {
            PromptProblem.SeveralMarked => "several parameters are marked [Prompt]; mark exactly one",
            PromptProblem.MarkedNotString => "the [Prompt] parameter must be a string",
            PromptProblem.SeveralCandidates => "several string parameters could be the prompt; mark the prompt with [Prompt]",
            _ => "no string parameter carries the prompt; add one and mark it with [Prompt]",
        };

        private static int IndexOf(ImmutableAttributeNames[] attributes, string attributeName)
        {
            for (int i = 0; i < attributes.Length; i++)
            {
                if (attributes[i].Has(attributeName))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>
        /// The implementation: same parameter types and ref kinds in order (optionally after one leading
        /// <c>AgentRun</c>), same return type, same static-ness, same generic arity with constraints the
        /// wrapper's type parameters satisfy. Among overloads, the one that matches.
        /// </summary>
        private static (bool Found, bool TakesRun, string? Problem) FindImplementation(IMethodSymbol method, string name)
        {
            IMethodSymbol[] candidates = method.ContainingType.GetMembers(name)
                .OfType<IMethodSymbol>()
                .Where(m => m.MethodKind == MethodKind.Ordinary && !SymbolEqualityComparer.Default.Equals(m, method))
                .ToArray();
            if (candidates.Length == 0)
            {
                return (false, false, $"no implementation method '{name}' was found in '{method.ContainingType.Name}'");
            }

            foreach (IMethodSymbol candidate in candidates)
            {
                if (Matches(method, candidate, out bool takesRun))
                {
                    return (true, takesRun, null);
                }
            }

            return (false, false, $"'{name}' does not match: it needs the same parameters (optionally after one AgentRun), return type, static-ness and type parameters");
        }

        private static bool Matches(IMethodSymbol method, IMethodSymbol candidate, out bool takesRun)
        {
            takesRun = false;
            if (candidate.IsStatic != method.IsStatic || candidate.Arity != method.Arity || candidate.ReturnsByRef || candidate.ReturnsByRefReadonly)
            {
                return false;
            }

            IMethodSymbol constructed = candidate;
            if (candidate.Arity > 0)
            {
                if (!ConstraintsSatisfied(method, candidate))
                {
                    return false;
                }

                constructed = candidate.Construct(method.TypeParameters.Cast<ITypeSymbol>().ToArray());
            }

            int offset = constructed.Parameters.Length - method.Parameters.Length;
            if (offset == 1)
            {
                if (constructed.Parameters[0].RefKind != RefKind.None || constructed.Parameters[0].Type.ToDisplayString() != TrackedAgentRules.AgentRunType)
                {
                    return false;
                }

                takesRun = true;
            }
            else if (offset != 0)
            {
                return false;
            }

            for (int i = 0; i < method.Parameters.Length; i++)
            {
                IParameterSymbol expected = method.Parameters[i];
                IParameterSymbol actual = constructed.Parameters[i + offset];
                if (expected.RefKind != actual.RefKind || !SymbolEqualityComparer.Default.Equals(expected.Type, actual.Type))
                {
                    return false;
                }
            }

            return SymbolEqualityComparer.Default.Equals(method.ReturnType, constructed.ReturnType);
        }

        private static bool ConstraintsSatisfied(IMethodSymbol method, IMethodSymbol candidate)
        {
            for (int i = 0; i < candidate.TypeParameters.Length; i++)
            {
                ITypeParameterSymbol required = candidate.TypeParameters[i];
                ITypeParameterSymbol given = method.TypeParameters[i];
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

        /// <summary>The <c>where</c> clauses of the declaration, which the implementing part must repeat exactly.</summary>
        private static IEnumerable<string> Constraints(IMethodSymbol method)
        {
            foreach (ITypeParameterSymbol parameter in method.TypeParameters)
            {
                List<string> constraints = new();
                if (parameter.HasReferenceTypeConstraint)
                {
                    constraints.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
                }
                else if (parameter.HasUnmanagedTypeConstraint)
                {
                    constraints.Add("unmanaged");
                }
                else if (parameter.HasValueTypeConstraint)
                {
                    constraints.Add("struct");
                }
                else if (parameter.HasNotNullConstraint)
                {
                    constraints.Add("notnull");
                }

                constraints.AddRange(parameter.ConstraintTypes.Select(t => t.ToDisplayString(TypeFormat)));
                if (parameter.HasConstructorConstraint)
                {
                    constraints.Add("new()");
                }

                if (constraints.Count > 0)
                {
                    yield return $"where {Identifier(parameter.Name)} : {string.Join(", ", constraints)}";
                }
            }
        }

        /// <summary>An implementing part this generator wrote (the analyzers see the compilation with it).</summary>
        public static bool IsGeneratedPart(IMethodSymbol part) =>
            part.DeclaringSyntaxReferences.Length == 1 &&
            part.DeclaringSyntaxReferences[0].SyntaxTree.FilePath.EndsWith(ContainingTypeChain.FileSuffix, System.StringComparison.Ordinal);

        private static bool HasErrorType(IMethodSymbol method) =>
            IsOrContainsError(method.ReturnType) ||
            method.Parameters.Any(p => IsOrContainsError(p.Type)) ||
            method.TypeParameters.Any(t => t.ConstraintTypes.Any(IsOrContainsError));

        private static bool IsOrContainsError(ITypeSymbol type) => type switch
        {
            { TypeKind: TypeKind.Error } => true,
            INamedTypeSymbol named => named.TypeArguments.Any(IsOrContainsError),
            IArrayTypeSymbol array => IsOrContainsError(array.ElementType),
            IPointerTypeSymbol pointer => IsOrContainsError(pointer.PointedAtType),
            _ => false,
        };

        private static bool IsPointer(ITypeSymbol type) => type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer;

        /// <summary>A name as it must be written in C#: keywords get an <c>@</c>.</summary>
        internal static string Identifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.ArgListKeyword
                ? "@" + name
                : name;

        /// <summary>The SDK attributes on one parameter.</summary>
        private readonly struct ImmutableAttributeNames
        {
            private readonly string[] _names;

            public ImmutableAttributeNames(IParameterSymbol parameter) =>
                _names = parameter.GetAttributes().Select(a => a.AttributeClass?.ToDisplayString() ?? string.Empty).ToArray();

            public bool HasOtherSdkAttribute =>
                Has(TrackedAgentRules.SystemPromptAttribute) || Has(TrackedAgentRules.SessionIdAttribute) ||
                Has(TrackedAgentRules.RunIdAttribute) || Has(TrackedAgentRules.MetadataAttribute);

            public bool Has(string attributeName) => System.Array.IndexOf(_names, attributeName) >= 0;
        }
    }
}
