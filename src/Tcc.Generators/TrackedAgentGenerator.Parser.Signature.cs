// The parser's signature work: parameters, return shape, modifiers and constraints, and the wrapper
// spec (or why there is none: TCC012, TCC013).

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ContextCompany.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ContextCompany.Generators;

partial class TrackedAgentGenerator
{
    internal static partial class Parser
    {
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
            : HasFullName(type, TrackedAgentRules.FullInputAttribute) ? SdkAttributes.FullInput
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

            implementationName = TrackedAgentRules.ImplementationName(method.Name, implementationName);
            (bool found, bool takesRun, string? mismatch) = FindImplementation(method, signature, implementationName);
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
                IndexOf(attributes, SdkAttributes.FullInput),
                Identifier(implementationName),
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
            FullInput = 32,
            OtherThanPrompt = SystemPrompt | SessionId | RunId | Metadata | FullInput,
        }
    }
}
