using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ContextCompany.Analyzers.Flow;

// The operation-tree walk's expressions: which ones the control-flow graph keeps whole, so the walk can follow
// them in the graph's order, and which it leaves to the graph.
internal sealed partial class RunFlowAnalysis
{
    /// <summary>
    /// Evaluates an expression in the order the graph does (receiver, arguments, then the call), applying
    /// SDK calls on tracked locals. An expression the graph would split into several blocks or rewrite into
    /// captures is left to the graph.
    /// </summary>
    private void Evaluate(IOperation operation, byte[] state)
    {
        if (_leftToGraph || _depth == MaxTreeDepth)
        {
            LeaveToGraph(operation);
            return;
        }

        _depth++;
        Note(operation);
        EvaluateOne(operation, state);
        _depth--;
    }

    private void EvaluateOne(IOperation operation, byte[] state)
    {
        switch (operation.Kind)
        {
            case OperationKind.Invocation:
                IInvocationOperation call = (IInvocationOperation)operation;
                if (call.Instance is { } instance)
                {
                    Evaluate(instance, state);
                }

                foreach (IArgumentOperation argument in call.Arguments)
                {
                    Evaluate(argument.Value, state);
                }

                Apply(call, state);
                return;
            case OperationKind.AnonymousFunction:
                Collect(operation); // its body is not part of the method's flow, and it captures no tracked local
                return;
            case OperationKind.SimpleAssignment:
                ISimpleAssignmentOperation assignment = (ISimpleAssignmentOperation)operation;
                if (assignment.Target is ILocalReferenceOperation target && _types.IsRecordType(target.Local.Type))
                {
                    (_reassigned ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)).Add(target.Local);
                }

                Children(operation, state, followable: !assignment.IsRef);
                return;
            case OperationKind.Binary:
                IBinaryOperation binary = (IBinaryOperation)operation;
                Children(operation, state, followable: !binary.IsLifted && binary.OperatorKind is not (BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr));
                return;
            case OperationKind.Unary:
                Children(operation, state, followable: !((IUnaryOperation)operation).IsLifted);
                return;
            case OperationKind.ObjectCreation:
                Children(operation, state, followable: ((IObjectCreationOperation)operation).Initializer is null);
                return;
            case OperationKind.LocalReference:
            case OperationKind.ParameterReference:
            case OperationKind.InstanceReference:
            case OperationKind.FieldReference:
            case OperationKind.PropertyReference:
            case OperationKind.ArrayElementReference:
            case OperationKind.Literal:
            case OperationKind.DefaultValue:
            case OperationKind.TypeOf:
            case OperationKind.SizeOf:
            case OperationKind.Discard:
            case OperationKind.Conversion:
            case OperationKind.Await:
            case OperationKind.Tuple:
            case OperationKind.ArrayCreation:
            case OperationKind.ArrayInitializer:
            case OperationKind.InterpolatedString:
            case OperationKind.InterpolatedStringText:
            case OperationKind.Interpolation:
            case OperationKind.Argument:
            case OperationKind.DelegateCreation:
                Children(operation, state, followable: true);
                return;
            default:
                LeaveToGraph(operation, noted: true);
                return;
        }
    }

    private void Children(IOperation operation, byte[] state, bool followable)
    {
        if (!followable)
        {
            LeaveToGraph(operation, noted: true);
            return;
        }

        foreach (IOperation child in operation.ChildOperations)
        {
            Evaluate(child, state);
        }
    }
}
