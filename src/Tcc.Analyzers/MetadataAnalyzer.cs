using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using ContextCompany.Analyzers.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ContextCompany.Analyzers;

/// <summary>
/// Reserved metadata keys written as constants: unknown <c>tcc.*</c> keys (TCC007), reserved agent names
/// (TCC002) and identity names without their IDs on the same run (TCC003), in <c>Metadata(...)</c> calls,
/// dictionaries passed to them, and <c>[Metadata("...")]</c> parameters.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MetadataAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the reserved key a TCC007 key most likely meant.</summary>
    public const string IntendedKeyProperty = "IntendedKey";

    /// <summary>Diagnostic property: the ID key a TCC003 name needs.</summary>
    public const string MissingKeyProperty = "MissingKey";

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.UnknownReservedKey,
        DiagnosticDescriptors.ReservedAgentName,
        DiagnosticDescriptors.NameWithoutId);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        // [Metadata] parameters belong to [TrackedAgent] declarations, whose implementing part is generated:
        // generated code is requested so they are seen, and skipped below.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            if (SdkTypes.Resolve(start.Compilation) is not { } types)
            {
                return;
            }

            // One action for every call in the compilation, which leaves at once unless it is Metadata(...) on a
            // run: most methods have none, and per-method state would cost them all.
            start.RegisterOperationAction(operation => AnalyzeCall(operation, types), OperationKind.Invocation);
            if (types.MetadataAttribute is { } metadataAttribute)
            {
                start.RegisterSymbolAction(symbol => AnalyzeParameters(symbol, metadataAttribute), SymbolKind.Method);
            }
        });
    }

    private static bool IsMetadataCall(IInvocationOperation invocation, SdkTypes types) =>
        invocation.TargetMethod.Name == "Metadata" && SdkTypes.Is(invocation.TargetMethod.ContainingType, types.AgentRun);

    /// <summary>
    /// The keys of one <c>Metadata(...)</c> call. An identity name is checked against every key written to the
    /// same run in the same method, looked up only when the call itself does not write the matching ID.
    /// </summary>
    private static void AnalyzeCall(OperationAnalysisContext context, SdkTypes types)
    {
        IInvocationOperation invocation = (IInvocationOperation)context.Operation;
        if (!IsMetadataCall(invocation, types) || GeneratedCode.IsGenerated(context.ContainingSymbol))
        {
            return;
        }

        // Bit i: the call writes the name (names) or the ID (ids) of TccRules.IdentityKeys[i]; bits, so that
        // every Metadata(...) call is still checked in one pass over its keys, with nothing allocated.
        int names = 0, ids = 0;
        foreach ((IOperation key, IOperation? value) in Pairs(invocation))
        {
            if (key.ConstantString() is { } text)
            {
                CheckKey(context.ReportDiagnostic, text, value, key.Syntax);
                for (int i = 0; i < TccRules.IdentityKeys.Length; i++)
                {
                    names |= text == TccRules.IdentityKeys[i].NameKey ? 1 << i : 0;
                    ids |= text == TccRules.IdentityKeys[i].IdKey ? 1 << i : 0;
                }
            }
        }

        if ((names & ~ids) == 0 || RunIdentity(invocation.Instance, types) is not { } run)
        {
            return;
        }

        HashSet<string> keys = KeysWrittenTo(run, invocation, context.ContainingSymbol, types, context.CancellationToken);
        foreach ((IOperation key, _) in Pairs(invocation))
        {
            if (key.ConstantString() is { } text)
            {
                ReportMissingId(context.ReportDiagnostic, text, keys, key.Syntax);
            }
        }
    }

    /// <summary>
    /// Every constant key written to <paramref name="run"/> in the code of <paramref name="owner"/>: the
    /// method body or initializer that holds <paramref name="invocation"/>, and the rest of what the compiler
    /// analyzes with it, parameter default values and attribute arguments (where such a call does not
    /// compile, but is still seen).
    /// </summary>
    private static HashSet<string> KeysWrittenTo(object run, IInvocationOperation invocation, ISymbol owner, SdkTypes types, CancellationToken cancellationToken)
    {
        IOperation root = invocation;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        HashSet<string> keys = new(System.StringComparer.Ordinal);
        Collect(root);
        if (invocation.SemanticModel is { } model)
        {
            foreach (SyntaxNode node in OtherCodeOf(owner, cancellationToken))
            {
                if (node.SyntaxTree == model.SyntaxTree && model.GetOperation(node, cancellationToken) is { } other)
                {
                    Collect(other);
                }
            }
        }

        return keys;

        void Collect(IOperation code)
        {
            foreach (IOperation operation in code.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation call && IsMetadataCall(call, types) &&
                    SymbolAwareComparer.Instance.Equals(RunIdentity(call.Instance, types), run))
                {
                    foreach ((IOperation key, _) in Pairs(call))
                    {
                        if (key.ConstantString() is { } text)
                        {
                            keys.Add(text);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// A member's declarations, the attributes of the member, its return value and its parameters, and its
    /// parameters' default values. Keys are collected into a set, so code seen twice does no harm.
    /// </summary>
    private static IEnumerable<SyntaxNode> OtherCodeOf(ISymbol owner, CancellationToken cancellationToken)
    {
        foreach (SyntaxReference declaration in owner.DeclaringSyntaxReferences)
        {
            yield return declaration.GetSyntax(cancellationToken);
        }

        IEnumerable<AttributeData> attributes = owner.GetAttributes();
        if (owner is IMethodSymbol method)
        {
            attributes = attributes.Concat(method.GetReturnTypeAttributes()).Concat(method.Parameters.SelectMany(p => p.GetAttributes()));
            foreach (IParameterSymbol parameter in method.Parameters)
            {
                foreach (SyntaxReference reference in parameter.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is ParameterSyntax { Default: { } value })
                    {
                        yield return value;
                    }
                }
            }
        }

        foreach (AttributeData attribute in attributes)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is { } syntax)
            {
                yield return syntax;
            }
        }
    }

    /// <summary>The key/value operations of one <c>Metadata(...)</c> call, whichever overload.</summary>
    private static IEnumerable<(IOperation Key, IOperation? Value)> Pairs(IInvocationOperation invocation)
    {
        if (invocation.Arguments.Length == 2)
        {
            yield return (invocation.Arguments[0].Value.Unwrap()!, invocation.Arguments[1].Value.Unwrap());
            yield break;
        }

        if (invocation.Arguments.Length != 1)
        {
            yield break;
        }

        IOperation? argument = invocation.Arguments[0].Value.Unwrap();
        if (argument is IArrayCreationOperation { Initializer: { } array })
        {
            foreach (IOperation element in array.ElementValues)
            {
                if (element.Unwrap() is ITupleOperation { Elements.Length: 2 } tuple)
                {
                    yield return (tuple.Elements[0].Unwrap()!, tuple.Elements[1].Unwrap());
                }
            }

            yield break;
        }

        if (argument is ILocalReferenceOperation local)
        {
            argument = DictionaryInitializer(local);
        }

        if (argument is IObjectCreationOperation { Initializer: { } initializer })
        {
            foreach (IOperation entry in initializer.Initializers)
            {
                switch (entry)
                {
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } assignment:
                        yield return (indexer.Arguments[0].Value.Unwrap()!, assignment.Value.Unwrap());
                        break;
                    case IInvocationOperation { Arguments.Length: 2 } add:
                        yield return (add.Arguments[0].Value.Unwrap()!, add.Arguments[1].Value.Unwrap());
                        break;
                }
            }
        }
    }

    /// <summary>The creation of a dictionary local declared with an initializer in the same method.</summary>
    private static IOperation? DictionaryInitializer(ILocalReferenceOperation reference)
    {
        IOperation root = reference;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (IOperation operation in root.Descendants())
        {
            if (operation is IVariableDeclaratorOperation declarator &&
                SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local) &&
                declarator.Initializer?.Value.Unwrap() is IObjectCreationOperation creation)
            {
                return creation;
            }
        }

        return null;
    }

    /// <summary>What identifies "the same run" for a receiver: its local, parameter, field or property, or the creation call of a fluent chain.</summary>
    internal static object? RunIdentity(IOperation? receiver, SdkTypes types)
    {
        receiver = receiver.Unwrap();
        while (receiver is IInvocationOperation call && SdkTypes.Is(call.TargetMethod.ContainingType, types.AgentRun) && !call.TargetMethod.IsStatic && call.Instance is not null)
        {
            receiver = call.Instance.Unwrap();
        }

        return receiver switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => property.Property,
            IInvocationOperation creation => creation,
            _ => null,
        };
    }

    /// <summary>An unknown <c>tcc.*</c> key, or a <c>tcc.agent</c> key whose constant value is a reserved name.</summary>
    private static void CheckKey(System.Action<Diagnostic> report, string key, IOperation? value, SyntaxNode keySyntax)
    {
        if (TccRules.IsUnknownReservedKey(key))
        {
            string? intended = TccRules.IntendedReservedKey(key);
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(IntendedKeyProperty, intended);
            report(Diagnostic.Create(DiagnosticDescriptors.UnknownReservedKey, keySyntax.GetLocation(), properties, key, intended is null ? string.Empty : $"; did you mean '{intended}'?"));
        }
        else if (key == TccRules.AgentKey && value is not null && value.ConstantString() is { } name && TccRules.IsReservedAgentName(name))
        {
            report(Diagnostic.Create(DiagnosticDescriptors.ReservedAgentName, value.Syntax.GetLocation(), name));
        }
    }

    private static void ReportMissingId(System.Action<Diagnostic> report, string key, HashSet<string> keys, SyntaxNode keySyntax)
    {
        if (TccRules.RequiredIdKey(key) is { } missing && !keys.Contains(missing))
        {
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(MissingKeyProperty, missing);
            report(Diagnostic.Create(DiagnosticDescriptors.NameWithoutId, keySyntax.GetLocation(), properties, key, missing));
        }
    }

    /// <summary>The <c>[Metadata("...")]</c> parameters of one method: their keys, and names without IDs among them.</summary>
    private static void AnalyzeParameters(SymbolAnalysisContext context, INamedTypeSymbol metadataAttribute)
    {
        IMethodSymbol method = (IMethodSymbol)context.Symbol;
        if (method.PartialDefinitionPart is not null || GeneratedCode.IsGenerated(method))
        {
            return; // attributes of partial methods are reported once, on the declaration
        }

        List<(string Key, SyntaxNode Syntax)> keys = new();
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            foreach (AttributeData attribute in parameter.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, metadataAttribute) &&
                    attribute.ConstructorArguments.Length == 1 &&
                    attribute.ConstructorArguments[0].Value is string key &&
                    attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is { } syntax)
                {
                    keys.Add((key, syntax));
                }
            }
        }

        HashSet<string> all = new(keys.Select(k => k.Key), System.StringComparer.Ordinal);
        foreach ((string key, SyntaxNode syntax) in keys)
        {
            CheckKey(context.ReportDiagnostic, key, value: null, syntax);
            ReportMissingId(context.ReportDiagnostic, key, all, syntax);
        }
    }

    /// <summary>Symbols compare with <see cref="SymbolEqualityComparer.Default"/>, operations by reference.</summary>
    private sealed class SymbolAwareComparer : IEqualityComparer<object>
    {
        public static readonly SymbolAwareComparer Instance = new();

        public new bool Equals(object? x, object? y) =>
            x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : ReferenceEquals(x, y);

        public int GetHashCode(object obj) =>
            obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
