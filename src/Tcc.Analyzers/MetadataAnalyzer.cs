using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ContextCompany.Analyzers.Diagnostics;
using Microsoft.CodeAnalysis;
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

            start.RegisterOperationBlockStartAction(block =>
            {
                if (GeneratedCode.IsGenerated(block.OwningSymbol))
                {
                    return;
                }

                ConcurrentQueue<MetadataWrite> writes = new();
                block.RegisterOperationAction(operation => Collect((IInvocationOperation)operation.Operation, types, writes), OperationKind.Invocation);
                block.RegisterOperationBlockEndAction(end => Report(end.ReportDiagnostic, writes));
            });
            if (types.MetadataAttribute is { } metadataAttribute)
            {
                start.RegisterSymbolAction(symbol => AnalyzeParameters(symbol, metadataAttribute), SymbolKind.Method);
            }
        });
    }

    private static void Collect(IInvocationOperation invocation, SdkTypes types, ConcurrentQueue<MetadataWrite> writes)
    {
        if (invocation.TargetMethod.Name != "Metadata" || !SdkTypes.Is(invocation.TargetMethod.ContainingType, types.AgentRun))
        {
            return;
        }

        object? run = RunIdentity(invocation.Instance, types);
        foreach ((IOperation key, IOperation? value) in Pairs(invocation))
        {
            if (key.ConstantString() is { } text)
            {
                writes.Enqueue(new MetadataWrite(run, text, value.ConstantString(), key.Syntax.GetLocation(), value?.Syntax.GetLocation()));
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

    private static void Report(System.Action<Diagnostic> report, ConcurrentQueue<MetadataWrite> writes)
    {
        foreach (MetadataWrite write in writes)
        {
            CheckKey(report, write.Key, write.Value, write.Location, write.ValueLocation);
        }

        foreach (IGrouping<object, MetadataWrite> run in writes.Where(w => w.Run is not null).GroupBy(w => w.Run!, SymbolAwareComparer.Instance))
        {
            HashSet<string> keys = new(run.Select(w => w.Key), System.StringComparer.Ordinal);
            foreach (MetadataWrite write in run)
            {
                ReportMissingId(report, write.Key, keys, write.Location);
            }
        }
    }

    private static void CheckKey(System.Action<Diagnostic> report, string key, string? value, Location location, Location? valueLocation)
    {
        if (TccRules.IsUnknownReservedKey(key))
        {
            string? intended = TccRules.IntendedReservedKey(key);
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(IntendedKeyProperty, intended);
            report(Diagnostic.Create(DiagnosticDescriptors.UnknownReservedKey, location, properties, key, intended is null ? string.Empty : $"; did you mean '{intended}'?"));
        }
        else if (key == TccRules.AgentKey && TccRules.IsReservedAgentName(value))
        {
            report(Diagnostic.Create(DiagnosticDescriptors.ReservedAgentName, valueLocation ?? location, value));
        }
    }

    private static void ReportMissingId(System.Action<Diagnostic> report, string key, HashSet<string> keys, Location location)
    {
        string? missing = key switch
        {
            TccRules.UserNameKey when !keys.Contains(TccRules.UserIdKey) => TccRules.UserIdKey,
            TccRules.OrgNameKey when !keys.Contains(TccRules.OrgIdKey) => TccRules.OrgIdKey,
            _ => null,
        };
        if (missing is not null)
        {
            ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty.Add(MissingKeyProperty, missing);
            report(Diagnostic.Create(DiagnosticDescriptors.NameWithoutId, location, properties, key, missing));
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

        List<(string Key, Location Location)> keys = new();
        foreach (IParameterSymbol parameter in method.Parameters)
        {
            foreach (AttributeData attribute in parameter.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, metadataAttribute) &&
                    attribute.ConstructorArguments.Length == 1 &&
                    attribute.ConstructorArguments[0].Value is string key &&
                    attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is { } syntax)
                {
                    keys.Add((key, syntax.GetLocation()));
                }
            }
        }

        HashSet<string> all = new(keys.Select(k => k.Key), System.StringComparer.Ordinal);
        foreach ((string key, Location location) in keys)
        {
            CheckKey(context.ReportDiagnostic, key, value: null, location, valueLocation: null);
            ReportMissingId(context.ReportDiagnostic, key, all, location);
        }
    }

    private sealed record MetadataWrite(object? Run, string Key, string? Value, Location Location, Location? ValueLocation);

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
