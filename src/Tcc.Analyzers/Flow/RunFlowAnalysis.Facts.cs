using System.Collections.Generic;
using ContextCompany.Analyzers.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ContextCompany.Analyzers.Flow;

// The flow facts of a tracked local: what holds right after its creation, how each SDK call on it changes
// them (once the rules have checked the call), and how they meet where paths join. Both walks apply them.
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
}
