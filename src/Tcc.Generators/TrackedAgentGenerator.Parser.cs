using System.Collections.Generic;
using System.Collections.Immutable;
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
                    CanWriteMember(other))
                {
                    return null;
                }
            }

            if (!IsTracked(method) || !CanWriteMember(method) || ContainingTypes(method.ContainingType) is not { } chain)
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
                    CanWriteMember(candidate))
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

        /// <summary>
        /// Whether an implementing part can be written for <paramref name="method"/>: a partial declaration
        /// without a body or an implementing part, in partial types, whose signature names only types that
        /// exist (otherwise the compiler's own error says what is wrong; repeating the signature would only
        /// repeat it).
        /// </summary>
        public static bool CanWrite(IMethodSymbol method) =>
            CanWriteMember(method) && ContainingTypes(method.ContainingType) is not null;

        /// <summary><see cref="CanWrite"/> without the check of the containing types, which is the same for every method of a type.</summary>
        private static bool CanWriteMember(IMethodSymbol method)
        {
            ImmutableArray<SyntaxReference> references = method.DeclaringSyntaxReferences;
            return references.Length == 1 &&
                references[0].GetSyntax() is MethodDeclarationSyntax syntax &&
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

        private static bool IsPartialDefinition(IMethodSymbol method, MethodDeclarationSyntax syntax) =>
            syntax.Modifiers.Any(SyntaxKind.PartialKeyword) &&
            syntax.Body is null &&
            syntax.ExpressionBody is null &&
            method.IsPartialDefinition &&
            (method.PartialImplementationPart is null || IsGeneratedPart(method.PartialImplementationPart)) && // not written by the user
            method.MethodKind == MethodKind.Ordinary &&
            !method.ContainingType.IsImplicitlyDeclared;

        private static ContainingTypeChain? ContainingTypes(INamedTypeSymbol innermost)
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
        private static string Modifiers(MethodDeclarationSyntax syntax)
        {
            string? single = null;
            System.Text.StringBuilder? several = null;
            foreach (SyntaxToken modifier in syntax.Modifiers)
            {
                if (modifier.IsKind(SyntaxKind.PartialKeyword) || modifier.IsKind(SyntaxKind.AsyncKeyword))
                {
                    continue;
                }

                if (single is null)
                {
                    single = modifier.Text;
                }
                else
                {
                    several ??= new System.Text.StringBuilder(single);
                    several.Append(' ').Append(modifier.Text);
                }
            }

            return several?.ToString() ?? single ?? string.Empty;
        }

        /// <summary>
        /// A signature with pointers needs an unsafe context. Both parts of a partial method must agree on
        /// <c>unsafe</c>, so when the declaration relies on its type being unsafe, the generated type part is
        /// made unsafe instead.
        /// </summary>
        private static bool NeedsUnsafeType(IMethodSymbol method, MethodDeclarationSyntax syntax) =>
            (method.Parameters.Any(p => IsPointer(p.Type)) || IsPointer(method.ReturnType)) &&
            !syntax.Modifiers.Any(SyntaxKind.UnsafeKeyword);

        private static (ParameterSpec Spec, SdkAttributes Attributes) Parameter(IParameterSymbol parameter, ITypeSymbol type, TypeNames names)
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
            SdkAttributes sdkAttributes = SdkAttributes.None;
            foreach (AttributeData attribute in parameter.GetAttributes())
            {
                INamedTypeSymbol? attributeClass = attribute.AttributeClass;
                SdkAttributes sdkAttribute = SdkAttribute(attributeClass);
                sdkAttributes |= sdkAttribute;
                if (sdkAttribute == SdkAttributes.Metadata &&
                    attribute.ConstructorArguments.Length == 1 &&
                    attribute.ConstructorArguments[0].Value is string key)
                {
                    metadataKey = key;
                }
                else if (HasFullName(attributeClass, "System.Runtime.CompilerServices.EnumeratorCancellationAttribute"))
                {
                    enumeratorCancellation = true;
                }
            }

            ParameterSpec spec = new(
                Identifier(parameter.Name),
                names.Of(type),
                modifier,
                metadataKey,
                type.SpecialType == SpecialType.System_String,
                enumeratorCancellation);
            return (spec, sdkAttributes);
        }

        /// <summary>Which SDK parameter attribute <paramref name="type"/> is, if any.</summary>
        private static SdkAttributes SdkAttribute(INamedTypeSymbol? type) =>
            HasFullName(type, TrackedAgentRules.PromptAttribute) ? SdkAttributes.Prompt
            : HasFullName(type, TrackedAgentRules.SystemPromptAttribute) ? SdkAttributes.SystemPrompt
            : HasFullName(type, TrackedAgentRules.SessionIdAttribute) ? SdkAttributes.SessionId
            : HasFullName(type, TrackedAgentRules.RunIdAttribute) ? SdkAttributes.RunId
            : HasFullName(type, TrackedAgentRules.MetadataAttribute) ? SdkAttributes.Metadata
            : SdkAttributes.None;

        private static (ReturnShape Shape, string? ElementType) Shape(ITypeSymbol returnType, TypeNames names)
        {
            if (returnType.SpecialType == SpecialType.System_Void)
            {
                return (ReturnShape.Void, null);
            }

            if (returnType is INamedTypeSymbol named)
            {
                ITypeSymbol? argument = named.TypeArguments.Length == 1 ? named.TypeArguments[0] : null;
                bool tasks = IsNamespace(named.ContainingNamespace, "System.Threading.Tasks");
                bool collections = !tasks && IsNamespace(named.ContainingNamespace, "System.Collections.Generic");
                switch (named.MetadataName)
                {
                    case "Task" when tasks:
                        return (ReturnShape.Task, null);
                    case "ValueTask" when tasks:
                        return (ReturnShape.ValueTask, null);
                    case "Task`1" when tasks:
                        return (ReturnShape.TaskOfValue, names.Of(argument!));
                    case "ValueTask`1" when tasks:
                        return (ReturnShape.ValueTaskOfValue, names.Of(argument!));
                    case "IEnumerable`1" when collections && argument!.SpecialType == SpecialType.System_String:
                        return (ReturnShape.Enumerable, names.Of(argument));
                    case "IAsyncEnumerable`1" when collections && argument!.SpecialType == SpecialType.System_String:
                        return (ReturnShape.AsyncEnumerable, names.Of(argument));
                }
            }

            return (ReturnShape.Value, names.Of(returnType));
        }

        /// <summary>TCC013: signatures a wrapper cannot forward.</summary>
        private static (string? Id, string? Message) UnsupportedSignature(IMethodSymbol method, Signature signature)
        {
            if (method.ReturnsByRef || method.ReturnsByRefReadonly)
            {
                return (DiagnosticIds.UnsupportedSignature, "a tracked method cannot return by reference");
            }

            for (int i = 0; i < signature.Parameters.Length; i++)
            {
                IParameterSymbol parameter = signature.Parameters[i];
                if (parameter.RefKind != RefKind.None)
                {
                    return (DiagnosticIds.UnsupportedSignature, $"parameter '{parameter.Name}' is passed by reference (ref, out or in)");
                }

                if (IsPointer(signature.ParameterTypes[i]) || signature.ParameterTypes[i].IsRefLikeType)
                {
                    return (DiagnosticIds.UnsupportedSignature, $"parameter '{parameter.Name}' has a pointer or ref struct type");
                }
            }

            if (IsPointer(signature.ReturnType) || signature.ReturnType.IsRefLikeType)
            {
                return (DiagnosticIds.UnsupportedSignature, "a tracked method cannot return a pointer or ref struct type");
            }

            return (null, null);
        }

        private static (WrapperSpec? Wrapper, string? FailureId, string? FailureMessage) Wrapper(
            IMethodSymbol method, Signature signature, AttributeData attribute, ReturnShape shape, ParameterSpec[] parameters, SdkAttributes[] attributes)
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

            int prompt = TrackedAgentRules.FindPromptParameter(
                parameters.Length,
                i => parameters[i].IsString,
                i => (attributes[i] & SdkAttributes.Prompt) != 0,
                i => (attributes[i] & SdkAttributes.OtherThanPrompt) != 0,
                out PromptProblem promptProblem);
            if (promptProblem != PromptProblem.None)
            {
                return (null, DiagnosticIds.NoPrompt, PromptMessage(promptProblem));
            }

            implementationName = string.IsNullOrEmpty(implementationName)
                ? TrackedAgentRules.DefaultImplementationName(method.Name)
                : implementationName;
            (bool found, bool takesRun, string? mismatch) = FindImplementation(method, signature, implementationName!);
            if (!found)
            {
                return (null, DiagnosticIds.NoImplementation, mismatch);
            }

            int cancellationToken = -1;
            for (int i = 0; i < signature.ParameterTypes.Length; i++)
            {
                if (HasFullName(signature.ParameterTypes[i], "System.Threading.CancellationToken"))
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
                IndexOf(attributes, SdkAttributes.SystemPrompt),
                IndexOf(attributes, SdkAttributes.SessionId),
                IndexOf(attributes, SdkAttributes.RunId),
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

        private static int IndexOf(SdkAttributes[] attributes, SdkAttributes attribute)
        {
            for (int i = 0; i < attributes.Length; i++)
            {
                if ((attributes[i] & attribute) != 0)
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

        /// <summary>The <c>where</c> clauses of the declaration, which the implementing part must repeat exactly.</summary>
        private static IEnumerable<string> Constraints(ImmutableArray<ITypeParameterSymbol> typeParameters)
        {
            foreach (ITypeParameterSymbol parameter in typeParameters)
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

        private static bool IsPointer(ITypeSymbol type) => type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer;

        /// <summary>A name as it must be written in C#: keywords get an <c>@</c>.</summary>
        internal static string Identifier(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.ArgListKeyword
                ? "@" + name
                : name;

        /// <summary>The parts of a method's signature that the parser reads more than once.</summary>
        private readonly struct Signature
        {
            public readonly ImmutableArray<IParameterSymbol> Parameters;
            public readonly ITypeSymbol[] ParameterTypes;
            public readonly ITypeSymbol ReturnType;
            public readonly ImmutableArray<ITypeParameterSymbol> TypeParameters;

            public Signature(IMethodSymbol method)
            {
                Parameters = method.Parameters;
                ParameterTypes = new ITypeSymbol[Parameters.Length];
                for (int i = 0; i < Parameters.Length; i++)
                {
                    ParameterTypes[i] = Parameters[i].Type;
                }

                ReturnType = method.ReturnType;
                TypeParameters = method.TypeParameters;
            }
        }

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

        /// <summary>The SDK attributes on one parameter.</summary>
        [System.Flags]
        private enum SdkAttributes
        {
            None = 0,
            Prompt = 1,
            SystemPrompt = 2,
            SessionId = 4,
            RunId = 8,
            Metadata = 16,
            OtherThanPrompt = SystemPrompt | SessionId | RunId | Metadata,
        }
    }
}
