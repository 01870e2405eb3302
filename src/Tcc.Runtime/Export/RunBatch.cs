namespace ContextCompany.Export;

/// <summary>
/// A run with the steps and tool calls created from it that ended before it: one request,
/// <c>{"type":"batch","items":[run, ...steps, ...tool_calls]}</c>, as the TypeScript SDK sends it.
/// </summary>
internal sealed class RunBatch : IExportItem
{
    public RunBatch(AgentRun run, IExportItem[] children)
    {
        Run = run;
        Children = children;
    }

    public AgentRun Run { get; }

    /// <summary>The ended children, in the order they ended.</summary>
    public IExportItem[] Children { get; }

    /// <summary>How many items (the run and its children) the request carries.</summary>
    public int ItemCount => Children.Length + 1;

    public long Sequence { get; set; }

    public ExportKind Kind => ExportKind.Run;

    public void WritePayload(PayloadWriter writer) => writer.WriteBatch(this);

    /// <summary>How many items <paramref name="item"/> stands for in the counters.</summary>
    public static int CountOf(IExportItem item) => item is RunBatch batch ? batch.ItemCount : 1;
}
