using System.Collections.Generic;
using ContextCompany.Analyzers.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ContextCompany.Analyzers.Flow;

// The rules over the facts: TCC001 and TCC009 at End(), TCC006 on a use after End(), TCC008 for what is
// never ended; and the findings they add.
internal sealed partial class RunFlowAnalysis
{
    private readonly List<RunFlowFinding> _findings = new();
    private readonly List<ILocalSymbol?> _findingLocals = new(); // the local each finding is about, if any
    private bool _reporting;

    /// <summary>TCC008 for chains thrown away, and the checks of <c>End()</c> on chains.</summary>
    private void ReportChains()
    {
        foreach (IInvocationOperation creation in _discardedChains)
        {
            Add(new RunFlowFinding(RunFlowRule.NeverEnded, creation.Syntax.GetLocation(), KindName(creation), null), local: null);
        }

        CheckChainEnds();
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
