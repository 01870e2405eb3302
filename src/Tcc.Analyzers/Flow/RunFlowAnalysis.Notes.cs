using System.Collections.Generic;
using ContextCompany.Analyzers.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ContextCompany.Analyzers.Flow;

// What the walk notes about a block before any flow is followed: the SDK calls that create runs, steps and
// tool calls, the fluent chains on them, and which locals are worth tracking.
internal sealed partial class RunFlowAnalysis
{
    // What the walk over the block finds, in the order of the walk. Whether an SDK call returns a run, step or
    // tool call (if none does, nothing is reported); creation calls of chains thrown away (TCC008); End() calls
    // on chains and their creation calls; locals on which End() or Error() is called; values given to locals of
    // SDK record types; and those locals, each with whether it is worth tracking.
    private bool _createsRecords;
    private readonly List<IInvocationOperation> _discardedChains = new();
    private readonly List<(IInvocationOperation End, IInvocationOperation Creation)> _chainEnds = new();
    private readonly HashSet<ILocalSymbol> _ended = new(SymbolEqualityComparer.Default);
    private readonly List<(ILocalSymbol Local, IOperation Value)> _creations = new();
    private readonly Dictionary<ILocalSymbol, bool> _candidates = new(SymbolEqualityComparer.Default);

    /// <summary>Notes every operation under <paramref name="root"/>, in the order of <c>Descendants()</c>, without its iterator.</summary>
    private void Collect(IOperation root)
    {
        Stack<IOperation> pending = new();
        PushChildren(pending, root);
        while (pending.Count > 0)
        {
            IOperation operation = pending.Pop();
            PushChildren(pending, operation);
            Note(operation);
        }

        static void PushChildren(Stack<IOperation> pending, IOperation operation)
        {
            foreach (IOperation child in operation.ChildOperations.Reverse())
            {
                pending.Push(child);
            }
        }
    }

    /// <summary>
    /// What one operation tells about the block: whether an SDK call returns a run, step or tool call (if none
    /// does, nothing is reported); fluent chains thrown away or ended; locals ended or errored; values given to
    /// locals; and which locals are worth tracking: locals of SDK record types that are only created by SDK
    /// calls and used as receivers of SDK members.
    /// </summary>
    private void Note(IOperation operation)
    {
        switch (operation.Kind)
        {
            case OperationKind.Invocation:
                IInvocationOperation call = (IInvocationOperation)operation;
                IMethodSymbol method = call.TargetMethod;
                if (_types.IsRecordType(method.ReturnType))
                {
                    _createsRecords = true;
                    if (call.Parent is IExpressionStatementOperation && ChainRoot(call, _types) is IInvocationOperation discarded && IsCreationCall(discarded, _types))
                    {
                        _discardedChains.Add(discarded);
                    }
                }

                if (method.Name is "End" or "Error")
                {
                    IOperation? root = ChainRoot(call.Instance, _types);
                    if (root is ILocalReferenceOperation ended)
                    {
                        _ended.Add(ended.Local);
                    }
                    else if (method.Name == "End" && call.Instance is not null && _types.IsRecordType(method.ContainingType) &&
                        root is IInvocationOperation creation && IsCreationCall(creation, _types))
                    {
                        _chainEnds.Add((call, creation));
                    }
                }

                break;
            case OperationKind.LocalReference:
                ILocalReferenceOperation reference = (ILocalReferenceOperation)operation;
                if (_types.IsRecordType(reference.Local.Type))
                {
                    Candidate(reference.Local, IsAllowedUse(reference, _types));
                }

                break;
            case OperationKind.VariableDeclarator:
                IVariableDeclaratorOperation declarator = (IVariableDeclaratorOperation)operation;
                if (_types.IsRecordType(declarator.Symbol.Type))
                {
                    Candidate(declarator.Symbol, declarator.Initializer is null || IsCreation(declarator.Initializer.Value, _types));
                    if (declarator.Initializer is { } initializer)
                    {
                        _creations.Add((declarator.Symbol, initializer.Value));
                    }
                }

                break;
            case OperationKind.SimpleAssignment:
                if (((ISimpleAssignmentOperation)operation) is { Target: ILocalReferenceOperation target } assignment && _types.IsRecordType(target.Local.Type))
                {
                    _creations.Add((target.Local, assignment.Value));
                }

                break;
        }
    }

    private void Candidate(ILocalSymbol local, bool ok)
    {
        _candidates[local] = (!_candidates.TryGetValue(local, out bool previous) || previous) && ok;
        NoteLocal(local);
    }

    private bool IsTracked(ILocalSymbol local) => _candidates.TryGetValue(local, out bool tracked) && tracked;

    /// <summary>A use that keeps the value in the method: a receiver of an SDK member, or the target of a creation.</summary>
    private static bool IsAllowedUse(ILocalReferenceOperation reference, SdkTypes types)
    {
        for (IOperation? ancestor = reference.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ancestor is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false; // captured
            }
        }

        return reference.Parent switch
        {
            IInvocationOperation call when call.Instance == reference => types.IsRecordType(call.TargetMethod.ContainingType),
            IPropertyReferenceOperation property when property.Instance == reference => types.IsRecordType(property.Property.ContainingType),
            ISimpleAssignmentOperation assignment when assignment.Target == reference => IsCreation(assignment.Value, types),
            _ => false,
        };
    }

    /// <summary>An SDK call that creates a run, step or tool call, possibly followed by setters.</summary>
    private static bool IsCreation(IOperation value, SdkTypes types) => ChainRoot(value, types) is IInvocationOperation root && IsCreationCall(root, types);

    private static bool IsCreationCall(IInvocationOperation call, SdkTypes types)
    {
        IMethodSymbol method = call.TargetMethod;
        return method.Name is "Run" or "Step" or "ToolCall" &&
            types.IsRecordType(method.ReturnType) &&
            (SdkTypes.Is(method.ContainingType, types.Tcc) || SdkTypes.Is(method.ContainingType, types.TccClient) || types.IsRecordType(method.ContainingType));
    }

    /// <summary>The start of a fluent chain: through setters (which return their receiver) down to a local or a creation call.</summary>
    private static IOperation? ChainRoot(IOperation? operation, SdkTypes types)
    {
        operation = operation.Unwrap();
        while (operation is IInvocationOperation call && Setters.Contains(call.TargetMethod.Name) &&
            types.IsRecordType(call.TargetMethod.ContainingType) && call.Instance is not null)
        {
            operation = call.Instance.Unwrap();
        }

        return operation;
    }
}
