using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ContextCompany.Analyzers.Flow;

/// <summary>
/// The flow facts over the operation tree, for the shape most methods have: statements in sequence,
/// <c>if</c>/<c>else</c>, <c>try</c>/<c>catch</c> without filter or <c>finally</c>, <c>return</c> and
/// <c>throw</c>, over expressions that the control-flow graph keeps whole (no <c>?:</c>, <c>??</c>,
/// <c>?.</c>, <c>&amp;&amp;</c>, <c>||</c>, patterns, initializers or switch expressions). Such a body has no
/// cycle, so one walk in evaluation order meets every point with the facts the graph analysis settles on,
/// and reports what it reports. Anything else (loops, <c>goto</c>, <c>switch</c>, <c>using</c>, <c>lock</c>,
/// <c>finally</c>, a tracked local assigned after its declaration, constant conditions) is left to the graph.
/// The same walk notes what <see cref="Note"/> needs, so every method is walked once: since which locals are
/// tracked is only known at the end, the facts of every local of an SDK record type are followed (each
/// local's facts depend on nothing else), and those of the untracked ones are dropped; from the first code
/// the walk cannot follow, it only notes the rest, and the graph decides the method.
/// </summary>
internal sealed partial class RunFlowAnalysis
{
    // Deeper statements or expressions are left to the graph rather than risk the stack.
    private const int MaxTreeDepth = 200;

    // Methods with more locals of SDK record types than this are left to the graph.
    private const int MaxTreeLocals = 32;

    // Following every local of an SDK record type as it is met, not only the tracked ones.
    private bool _followAllLocals;

    // Set at the first code the walk cannot follow: from then on it only notes, and the graph decides.
    private bool _leftToGraph;

    // Locals of SDK record types given a value after their declaration, or declared where they already had facts.
    private HashSet<ILocalSymbol>? _reassigned;

    // The facts at each return and throw met so far, for the catch clauses of the try statements around them.
    private List<byte[]>? _exits;
    private int _depth;

    /// <summary>
    /// The one walk over a block: notes every operation, and follows the flow facts of a method body for as
    /// long as its shape allows (with <paramref name="followFlow"/>).
    /// </summary>
    private void Walk(IOperation body, bool followFlow)
    {
        if (followFlow && body is IBlockOperation block && body.Parent is IMethodBodyOperation method &&
            (method.BlockBody == body ? method.ExpressionBody is null : method.ExpressionBody == body && method.BlockBody is null))
        {
            _followAllLocals = true;
            _reporting = true;
            byte[]? state = new byte[MaxTreeLocals];
            Statements(block.Operations, ref state);
        }
        else
        {
            // Constructors (initializer calls), field initializers and the like: the graph.
            _leftToGraph = true;
            Collect(body);
        }
    }

    /// <summary>
    /// What the rules report when the walk followed the whole method: the chains, the flow facts of the
    /// tracked locals and the locals never ended, in the order of the graph path. Null when the graph decides.
    /// </summary>
    private IReadOnlyList<RunFlowFinding>? OperationTreeFindings()
    {
        if (_leftToGraph || (_reassigned is not null && _reassigned.Any(IsTracked)))
        {
            return null;
        }

        List<(RunFlowFinding Finding, ILocalSymbol? Local)> flow = _findings.Zip(_findingLocals, (f, l) => (f, l)).ToList();
        _findings.Clear();
        _findingLocals.Clear();
        ReportChains();
        if (_candidates.ContainsValue(true))
        {
            foreach ((RunFlowFinding finding, ILocalSymbol? local) in flow)
            {
                if (local is not null && IsTracked(local))
                {
                    Add(finding, local);
                }
            }

            CheckNeverEnded();
        }

        return _findings;
    }

    /// <summary>Over the operation tree, each local of an SDK record type gets its facts when first met.</summary>
    private void NoteLocal(ILocalSymbol local)
    {
        if (_followAllLocals && !_locals.ContainsKey(local))
        {
            if (_locals.Count < MaxTreeLocals)
            {
                _locals[local] = _locals.Count;
            }
            else
            {
                _leftToGraph = true; // its calls could not be followed
            }
        }
    }

    /// <summary>Code the walk cannot follow: it and all under it are noted (itself unless already), and the graph decides.</summary>
    private void LeaveToGraph(IOperation operation, bool noted = false)
    {
        _leftToGraph = true;
        if (!noted)
        {
            Note(operation);
        }

        Collect(operation);
    }

    /// <summary>Statements in sequence; <paramref name="state"/> becomes null where the end cannot be reached.</summary>
    private void Statements(ImmutableArray<IOperation> statements, ref byte[]? state)
    {
        foreach (IOperation statement in statements)
        {
            if (state is null || _leftToGraph)
            {
                // Unreachable, or past the walk's reach: the graph gives unreachable blocks no facts and reports
                // nothing there, but what they contain counts (a chain thrown away, a use that untracks a local).
                Note(statement);
                Collect(statement);
            }
            else
            {
                Statement(statement, ref state);
            }
        }
    }

    private void Statement(IOperation statement, ref byte[]? state)
    {
        if (_leftToGraph || _depth == MaxTreeDepth)
        {
            LeaveToGraph(statement);
            return;
        }

        _depth++;
        switch (statement)
        {
            case IBlockOperation block:
                Statements(block.Operations, ref state);
                break;
            case IThrowOperation thrown: // a throw statement, or a rethrow in a catch
                Exit(thrown.Exception, ref state);
                break;
            case IExpressionStatementOperation expression:
                Evaluate(expression.Operation, state!);
                break;
            case IVariableDeclarationGroupOperation group:
                Declarations(group, state!);
                break;
            case IReturnOperation { Kind: OperationKind.Return } returned:
                Exit(returned.ReturnedValue, ref state);
                break;
            case IConditionalOperation branch:
                If(branch, ref state);
                break;
            case ITryOperation attempt:
                Try(attempt, ref state);
                break;
            case IEmptyOperation:
                break;
            case ILocalFunctionOperation function: // its body is not part of the method's flow
                Note(function);
                Collect(function);
                break;
            default:
                LeaveToGraph(statement);
                break;
        }

        _depth--;
    }

    /// <summary>Each declarator with an initializer evaluates it; a tracked local then holds the creation's facts.</summary>
    private void Declarations(IVariableDeclarationGroupOperation group, byte[] state)
    {
        foreach (IVariableDeclarationOperation declaration in group.Declarations)
        {
            if (_leftToGraph || declaration.Initializer is not null || !declaration.IgnoredDimensions.IsEmpty)
            {
                LeaveToGraph(declaration);
                continue;
            }

            foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
            {
                if (_leftToGraph || !declarator.IgnoredArguments.IsEmpty)
                {
                    LeaveToGraph(declarator);
                    continue;
                }

                Note(declarator);
                if (declarator.Initializer is not { } initializer)
                {
                    continue;
                }

                Evaluate(initializer.Value, state);
                if (_locals.TryGetValue(declarator.Symbol, out int index))
                {
                    if (state[index] != 0)
                    {
                        // Used before its declaration (code that does not compile): left to the graph if tracked.
                        (_reassigned ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)).Add(declarator.Symbol);
                    }

                    state[index] = Created(initializer.Value);
                }
            }
        }
    }

    /// <summary><c>return</c> or <c>throw</c>: the value is evaluated, then no path goes on.</summary>
    private void Exit(IOperation? value, ref byte[]? state)
    {
        if (value is not null)
        {
            Evaluate(value, state!);
        }

        (_exits ??= new List<byte[]>()).Add(state!);
        state = null;
    }

    private void If(IConditionalOperation branch, ref byte[]? state)
    {
        if (branch.IsRef || branch.Condition.ConstantValue.HasValue)
        {
            LeaveToGraph(branch);
            return;
        }

        Evaluate(branch.Condition, state!);
        byte[]? otherwise = (byte[])state!.Clone();
        Statement(branch.WhenTrue, ref state);
        if (branch.WhenFalse is { } whenFalse)
        {
            Statement(whenFalse, ref otherwise);
        }

        state = Merge(state, otherwise);
    }

    /// <summary>
    /// <c>try</c>/<c>catch</c>. An exception may leave the try body at any point, so a catch clause starts
    /// from what holds at every point of it and what may have happened at some point of it. Along a path the
    /// facts of a tracked local only grow (it is assigned once, from nothing), so the first holds exactly what
    /// held on entering the body, and the second is what may have happened by the end of the body, a return
    /// or a throw in it.
    /// </summary>
    private void Try(ITryOperation attempt, ref byte[]? state)
    {
        if (attempt.Finally is not null || attempt.Catches.IsEmpty || !StartsWithOperation(attempt.Body))
        {
            LeaveToGraph(attempt);
            return;
        }

        byte[] entry = (byte[])state!.Clone();
        int exitsBefore = _exits?.Count ?? 0;
        Statements(attempt.Body.Operations, ref state);
        byte[] handlerEntry = entry;
        for (int i = 0; i < handlerEntry.Length; i++)
        {
            int may = entry[i] | (state?[i] ?? 0);
            for (int exit = exitsBefore; exit < (_exits?.Count ?? 0); exit++)
            {
                may |= _exits![exit][i];
            }

            handlerEntry[i] = (byte)((entry[i] & MustMask) | (may & MayEnded));
        }

        byte[]? after = state;
        foreach (ICatchClauseOperation clause in attempt.Catches)
        {
            if (_leftToGraph || clause.Filter is not null ||
                clause.ExceptionDeclarationOrExpression is not (null or IVariableDeclaratorOperation { Initializer: null }) ||
                (clause.ExceptionDeclarationOrExpression is IVariableDeclaratorOperation caught && _types.IsRecordType(caught.Symbol.Type)))
            {
                LeaveToGraph(clause);
                continue;
            }

            if (clause.ExceptionDeclarationOrExpression is { } exception)
            {
                Note(exception);
            }

            byte[]? handler = (byte[])handlerEntry.Clone();
            Statements(clause.Handler.Operations, ref handler);
            after = Merge(after, handler);
        }

        state = after;
    }

    /// <summary>
    /// Whether the try body's first statement is certain to give its region a block of its own: a try region
    /// without one is dropped from the graph, and its catch clauses with it.
    /// </summary>
    private static bool StartsWithOperation(IBlockOperation body) =>
        body.Operations.Length > 0 && body.Operations[0] switch
        {
            IExpressionStatementOperation or IThrowOperation => true,
            IVariableDeclarationGroupOperation group => group.Declarations.Length > 0 &&
                group.Declarations[0].Declarators.Length > 0 && group.Declarations[0].Declarators[0].Initializer is not null,
            _ => false,
        };
}
