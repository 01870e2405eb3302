using System;

namespace ContextCompany.Tool.Runs;

/// <summary>Which runs a listing shows: the <c>--agent</c>, <c>--session</c>, <c>--status</c> and <c>--since</c> filters (all optional, all must match).</summary>
internal sealed record RunFilter(string? Agent = null, string? Session = null, string? Status = null, DateTime? Since = null)
{
    /// <summary>The statuses a run can have.</summary>
    public static readonly string[] Statuses = ["ok", "error", "open"];

    public static RunFilter None { get; } = new();

    public bool Matches(LocalRun run) =>
        (Agent is null || string.Equals(run.Agent, Agent, StringComparison.Ordinal))
        && (Session is null || string.Equals(run.SessionId, Session, StringComparison.Ordinal))
        && (Status is null || string.Equals(run.Status, Status, StringComparison.OrdinalIgnoreCase))
        && (Since is null || run.StartTime >= Since.Value);
}
