using System.Collections.Generic;
using System.Linq;
using ContextCompany.Analyzers.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ContextCompany.Analyzers.Flow;

/// <summary>
/// A forward data-flow analysis of one method, for the runs, steps and tool calls it creates in locals that
/// do not escape. For each such local it knows at every point whether, on every path, it was created, given a
/// prompt, a response or a name, and ended; and whether it may have been ended on some path. TCC001, TCC006,
/// TCC008 and TCC009 read these facts. Methods of a simple shape are analyzed over their operation tree
/// (<c>RunFlowAnalysis.OperationTree.cs</c>); any other method over Roslyn's <see cref="ControlFlowGraph"/>,
/// which gives the same facts for every shape but costs far more to build.
/// </summary>
internal sealed partial class RunFlowAnalysis
{
    // Per local, a byte of facts. "Must" facts hold on every path (AND where paths meet); "may" facts on some path (OR).
    private const byte MustCreated = 1;
    private const byte MustPrompt = 2;
    private const byte MustResponse = 4;
    private const byte MustName = 8;
    private const byte MustEnded = 16;
    private const byte MayEnded = 32;
    private const byte MustMask = MustCreated | MustPrompt | MustResponse | MustName | MustEnded;

    private static readonly HashSet<string> Setters = new(System.StringComparer.Ordinal)
    {
        "Prompt", "Response", "Metadata", "Status", "Model", "FinishReason", "Tokens", "Cost", "ToolDefinitions", "Name", "Args", "Result",
    };

    private ControlFlowGraph _graph = null!; // set before Run(), only for methods the operation tree cannot decide
    private readonly SdkTypes _types;

    // The locals whose facts are followed, by index into the facts: over the graph, the tracked locals; over
    // the operation tree, every local of an SDK record type, as met (the untracked ones are dropped at the end).
    private readonly Dictionary<ILocalSymbol, int> _locals = new(SymbolEqualityComparer.Default);

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

    private readonly List<RunFlowFinding> _findings = new();
    private readonly List<ILocalSymbol?> _findingLocals = new(); // the local each finding is about, if any
    private bool _reporting;

    private RunFlowAnalysis(SdkTypes types) => _types = types;

    /// <summary>
    /// Analyzes one method body; returns what the rules should report. One walk of the operation tree finds
    /// the chains and the locals worth tracking and, for a method of a simple shape, their flow facts too;
    /// any other method then takes the control-flow graph, the costly part, for those locals.
    /// </summary>
    /// <param name="body">One operation block of the method.</param>
    /// <param name="buildGraph">Builds the control-flow graph of the block's method; null when it cannot be built.</param>
    /// <param name="types">The SDK's types.</param>
    /// <param name="operationTreeFirst">False to always use the graph, which tests compare the operation tree with.</param>
    public static IReadOnlyList<RunFlowFinding> Analyze(IOperation body, System.Func<ControlFlowGraph?> buildGraph, SdkTypes types, bool operationTreeFirst = true)
    {
        RunFlowAnalysis analysis = new(types);
        analysis.Walk(body, operationTreeFirst);
        if (!analysis._createsRecords)
        {
            return System.Array.Empty<RunFlowFinding>(); // no SDK call that returns a run, step or tool call: nothing to report
        }

        if (analysis.OperationTreeFindings() is { } findings)
        {
            return findings;
        }

        analysis._findings.Clear();
        analysis._findingLocals.Clear();
        analysis._locals.Clear();
        foreach (KeyValuePair<ILocalSymbol, bool> candidate in analysis._candidates)
        {
            if (candidate.Value)
            {
                analysis._locals[candidate.Key] = analysis._locals.Count;
            }
        }

        analysis.ReportChains();
        if (analysis._locals.Count > 0 && buildGraph() is { } graph)
        {
            analysis._graph = graph;
            analysis._reporting = false;
            analysis.Run();
            analysis.CheckNeverEnded();
        }

        return analysis._findings;
    }

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

    /// <summary>TCC008 for chains thrown away, and the checks of <c>End()</c> on chains.</summary>
    private void ReportChains()
    {
        foreach (IInvocationOperation creation in _discardedChains)
        {
            Add(new RunFlowFinding(RunFlowRule.NeverEnded, creation.Syntax.GetLocation(), KindName(creation), null), local: null);
        }

        CheckChainEnds();
    }

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

    private static byte[]? Merge(byte[]? a, byte[]? b)
    {
        if (a is null)
        {
            return b is null ? null : (byte[])b.Clone();
        }

        if (b is null)
        {
            return a;
        }

        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (byte)((a[i] & b[i] & MustMask) | ((a[i] | b[i]) & MayEnded));
        }

        return a;
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

    /// <summary>The facts right after a creation, including setters chained onto it.</summary>
    private byte Created(IOperation value)
    {
        byte facts = MustCreated;
        IOperation? current = value.Unwrap();
        while (current is IInvocationOperation call)
        {
            facts |= call.TargetMethod.Name switch
            {
                "Prompt" => MustPrompt,
                "Response" => MustResponse,
                "Name" => MustName,
                "ToolCall" when IsCreationCall(call, _types) && HasToolName(call) => MustName,
                _ => 0,
            };
            current = IsCreationCall(call, _types) ? null : call.Instance.Unwrap();
        }

        return facts;
    }

    private static bool HasToolName(IInvocationOperation creation) =>
        creation.Argument("toolName") is { ArgumentKind: not ArgumentKind.DefaultValue } name && !name.Value.IsNullConstant();

    private void Apply(IInvocationOperation call, byte[] state)
    {
        IMethodSymbol method = call.TargetMethod;
        if (method.IsStatic || !_types.IsRecordType(method.ContainingType) || call.Instance is null)
        {
            return;
        }

        IOperation? root = ChainRoot(call.Instance, _types);
        if (root is not ILocalReferenceOperation reference || !_locals.TryGetValue(reference.Local, out int index))
        {
            return;
        }

        byte facts = state[index];
        bool isEnd = method.Name == "End";
        if ((isEnd || method.Name == "Error" || Setters.Contains(method.Name)) && (facts & MustEnded) != 0)
        {
            Report(RunFlowRule.UseAfterEnd, call, reference.Local, reference.Local.Name, method.Name);
        }

        else if (isEnd && (facts & MustCreated) != 0)
        {
            CheckEnd(call, reference.Local, reference.Local.Name, facts);
        }

        state[index] = method.Name switch
        {
            "End" or "Error" => (byte)(facts | MustEnded | MayEnded),
            "Prompt" => (byte)(facts | MustPrompt),
            "Response" => (byte)(facts | MustResponse),
            "Name" => (byte)(facts | MustName),
            _ => facts,
        };
    }

    private void CheckEnd(IInvocationOperation end, ILocalSymbol? local, string name, byte facts)
    {
        ITypeSymbol type = end.TargetMethod.ContainingType;
        if (SdkTypes.Is(type, _types.AgentRun))
        {
            if ((facts & MustPrompt) == 0)
            {
                Report(RunFlowRule.EndWithoutPrompt, end, local, name, null);
            }
        }
        else if (SdkTypes.Is(type, _types.AgentStep))
        {
            string? missing = ((facts & MustPrompt) == 0, (facts & MustResponse) == 0) switch
            {
                (true, true) => "a prompt and a response",
                (true, false) => "a prompt",
                (false, true) => "a response",
                _ => null,
            };
            if (missing is not null)
            {
                Report(RunFlowRule.Incomplete, end, local, name, missing);
            }
        }
        else if ((facts & MustName) == 0)
        {
            Report(RunFlowRule.Incomplete, end, local, name, "a name");
        }
    }

    /// <summary><c>Tcc.Run().Metadata(...).End()</c>: a chain with no local holds all its facts in itself.</summary>
    private void CheckChainEnds()
    {
        bool reporting = _reporting;
        _reporting = true;
        foreach ((IInvocationOperation end, IInvocationOperation creation) in _chainEnds)
        {
            CheckEnd(end, local: null, KindName(creation), Created(end.Instance!));
        }

        _reporting = reporting;
    }

    private static string KindName(IInvocationOperation creation) => creation.TargetMethod.Name switch
    {
        "Run" => "run",
        "Step" => "step",
        _ => "tool call",
    };

    /// <summary>TCC008 for locals: created, kept in the method, and never ended or errored anywhere in it.</summary>
    private void CheckNeverEnded()
    {
        foreach ((ILocalSymbol local, IOperation creation) in _creations)
        {
            if (IsTracked(local) && !_ended.Contains(local))
            {
                Add(new RunFlowFinding(RunFlowRule.NeverEnded, (ChainRoot(creation, _types) ?? creation).Syntax.GetLocation(), local.Name, null), local);
            }
        }
    }

    private void Report(RunFlowRule rule, IOperation at, ILocalSymbol? local, string name, string? detail)
    {
        if (_reporting)
        {
            Add(new RunFlowFinding(rule, at.Syntax.GetLocation(), name, detail), local);
        }
    }

    private void Add(RunFlowFinding finding, ILocalSymbol? local)
    {
        _findings.Add(finding);
        _findingLocals.Add(local);
    }
}

internal enum RunFlowRule
{
    EndWithoutPrompt,
    UseAfterEnd,
    NeverEnded,
    Incomplete,
}

internal sealed record RunFlowFinding(RunFlowRule Rule, Location Location, string Name, string? Detail);
