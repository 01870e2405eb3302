using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ContextCompany.Analyzers.Flow;

// The walk over the control-flow graph, for methods the operation tree cannot decide: the facts of each block
// until they settle, then one more pass that reports.
internal sealed partial class RunFlowAnalysis
{
    private ControlFlowGraph _graph = null!; // set before Run(), only for methods the operation tree cannot decide

    private void Run()
    {
        int count = _graph.Blocks.Length;
        byte[]?[] inputs = new byte[count][];
        byte[]?[] outputs = new byte[count][];
        bool changed = true;
        for (int iteration = 0; changed && iteration < 64; iteration++)
        {
            changed = false;
            foreach (BasicBlock block in _graph.Blocks)
            {
                byte[]? input = Input(block, inputs, outputs);
                if (input is null)
                {
                    continue;
                }

                inputs[block.Ordinal] = input;
                byte[] output = Transfer(block, (byte[])input.Clone());
                if (outputs[block.Ordinal] is not { } previous || !previous.SequenceEqual(output))
                {
                    outputs[block.Ordinal] = output;
                    changed = true;
                }
            }
        }

        // With the facts settled, one more pass reports.
        _reporting = true;
        foreach (BasicBlock block in _graph.Blocks)
        {
            if (inputs[block.Ordinal] is { } input)
            {
                Transfer(block, (byte[])input.Clone());
            }
        }
    }

    private byte[]? Input(BasicBlock block, byte[]?[] inputs, byte[]?[] outputs)
    {
        if (block.Kind == BasicBlockKind.Entry)
        {
            return new byte[_locals.Count];
        }

        byte[]? merged = null;
        foreach (ControlFlowBranch branch in block.Predecessors)
        {
            if (outputs[branch.Source.Ordinal] is { } state)
            {
                byte[] along = (byte[])state.Clone();
                foreach (ControlFlowRegion @finally in branch.FinallyRegions)
                {
                    for (int ordinal = @finally.FirstBlockOrdinal; ordinal <= @finally.LastBlockOrdinal; ordinal++)
                    {
                        along = TransferQuietly(_graph.Blocks[ordinal], along);
                    }
                }

                merged = Merge(merged, along);
            }
        }

        if (merged is null && block.Predecessors.IsEmpty && HandlerTryRegion(block) is { } tryRegion)
        {
            // An exception may leave the try region anywhere: the handler starts from what holds at every point of it.
            for (int ordinal = tryRegion.FirstBlockOrdinal; ordinal <= tryRegion.LastBlockOrdinal; ordinal++)
            {
                merged = Merge(Merge(merged, inputs[ordinal]), outputs[ordinal]);
            }
        }

        return merged;
    }

    /// <summary>For the first block of a catch, filter or finally region, the try region it handles.</summary>
    private static ControlFlowRegion? HandlerTryRegion(BasicBlock block)
    {
        for (ControlFlowRegion? region = block.EnclosingRegion; region is not null; region = region.EnclosingRegion)
        {
            if (region.FirstBlockOrdinal != block.Ordinal)
            {
                return null;
            }

            if (region.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.Filter or ControlFlowRegionKind.Finally &&
                region.EnclosingRegion is { } handled)
            {
                ControlFlowRegion tryRegion = handled.NestedRegions[0];
                return tryRegion.Kind == ControlFlowRegionKind.Try ? tryRegion : tryRegion.NestedRegions.FirstOrDefault(r => r.Kind == ControlFlowRegionKind.Try);
            }
        }

        return null;
    }

    private byte[] TransferQuietly(BasicBlock block, byte[] state)
    {
        bool reporting = _reporting;
        _reporting = false;
        byte[] result = Transfer(block, state);
        _reporting = reporting;
        return result;
    }

    private byte[] Transfer(BasicBlock block, byte[] state)
    {
        foreach (IOperation operation in block.Operations)
        {
            Visit(operation, state);
        }

        if (block.BranchValue is { } branchValue)
        {
            Visit(branchValue, state);
        }

        return state;
    }

    /// <summary>Evaluation order: receivers and arguments before the call.</summary>
    private void Visit(IOperation operation, byte[] state)
    {
        switch (operation)
        {
            case IAnonymousFunctionOperation or ILocalFunctionOperation:
                return;
            case IInvocationOperation call:
                if (call.Instance is { } instance)
                {
                    Visit(instance, state);
                }

                foreach (IArgumentOperation argument in call.Arguments)
                {
                    Visit(argument.Value, state);
                }

                Apply(call, state);
                return;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when _locals.TryGetValue(target.Local, out int index):
                Visit(assignment.Value, state);
                state[index] = Created(assignment.Value);
                return;
            default:
                foreach (IOperation child in operation.ChildOperations)
                {
                    Visit(child, state);
                }

                return;
        }
    }
}
