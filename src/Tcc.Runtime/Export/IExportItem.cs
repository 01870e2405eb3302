namespace ContextCompany.Export;

/// <summary>What the delivery pipeline carries: an ended run, step or tool call.</summary>
/// <remarks>
/// The pipeline queues the ended object itself rather than a copy: once ended it is immutable, so the
/// delivery thread can read it without a lock and the caller's <c>End()</c> allocates nothing more.
/// </remarks>
internal interface IExportItem
{
    /// <summary>Position in the client's queue, assigned when it is accepted; used by flush.</summary>
    long Sequence { get; set; }

    ExportKind Kind { get; }

    void WritePayload(PayloadWriter writer);
}

internal enum ExportKind
{
    Run,
    Step,
    ToolCall,
}
