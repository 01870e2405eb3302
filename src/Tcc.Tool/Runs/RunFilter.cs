using System;
using System.Globalization;

namespace ContextCompany.Tool.Runs;

/// <summary>Which runs a listing shows: the <c>--agent</c>, <c>--session</c>, <c>--status</c> and <c>--since</c> filters (all optional, all must match).</summary>
internal sealed record RunFilter(string? Agent = null, string? Session = null, string? Status = null, DateTime? Since = null)
{
    /// <summary>The statuses a run can have.</summary>
    public static readonly string[] Statuses = ["ok", "error", "open"];

    private static readonly string[] SinceFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    public static RunFilter None { get; } = new();

    /// <summary>What <c>--status</c> and the viewer's status filter accept, for messages.</summary>
    public static string StatusChoices => $"{string.Join(", ", Statuses[..^1])} or {Statuses[^1]}";

    /// <summary>What <c>--since</c> and the viewer's since filter accept, for messages.</summary>
    public const string SinceChoices =
        "a date or time such as 2026-03-01 or 2026-03-01T12:00:00Z (UTC unless an offset is given), " +
        "or a duration back from now such as 30m, 2h or 7d (s, m, h, d, w)";

    /// <summary>
    /// The filter the command line and the viewer's API are given as text (empty or null: no filter). One parser
    /// for both, so <c>tcc runs --since 7d</c> and the page's "Last 7 days" mean the same runs.
    /// </summary>
    /// <param name="agent">Only this agent's runs (<c>tcc.agent</c>).</param>
    /// <param name="session">Only this session's runs.</param>
    /// <param name="status">ok, error or open, in any case.</param>
    /// <param name="since">A date or time, or a duration back from <paramref name="utcNow"/>.</param>
    /// <param name="utcNow">The instant a duration such as <c>30m</c> counts back from.</param>
    /// <param name="filter">The filter, when every value is valid.</param>
    /// <param name="problem">Which value is not, and what is expected (<c>status</c> or <c>since</c> first).</param>
    public static bool TryParse(string? agent, string? session, string? status, string? since, DateTime utcNow, out RunFilter filter, out string? problem)
    {
        filter = None;
        string? normalizedStatus = string.IsNullOrWhiteSpace(status) ? null : status.Trim().ToLowerInvariant();
        if (normalizedStatus is not null && Array.IndexOf(Statuses, normalizedStatus) < 0)
        {
            problem = $"status '{status}': expected {StatusChoices}";
            return false;
        }

        DateTime? sinceInstant = null;
        if (!string.IsNullOrWhiteSpace(since))
        {
            if (!TryParseSince(since, utcNow, out DateTime instant))
            {
                problem = $"since '{since}': expected {SinceChoices}";
                return false;
            }

            sinceInstant = instant;
        }

        filter = new RunFilter(
            Agent: string.IsNullOrEmpty(agent) ? null : agent,
            Session: string.IsNullOrEmpty(session) ? null : session,
            Status: normalizedStatus,
            Since: sinceInstant);
        problem = null;
        return true;
    }

    public bool Matches(LocalRun run) =>
        (Agent is null || string.Equals(run.Agent, Agent, StringComparison.Ordinal))
        && (Session is null || string.Equals(run.SessionId, Session, StringComparison.Ordinal))
        && (Status is null || string.Equals(run.Status, Status, StringComparison.OrdinalIgnoreCase))
        && (Since is null || run.StartTime >= Since.Value);

    /// <summary>An ISO 8601 date or date and time (UTC unless it carries an offset), or a duration back from now (<c>90s</c>, <c>30m</c>, <c>2h</c>, <c>7d</c>, <c>2w</c>).</summary>
    private static bool TryParseSince(string text, DateTime utcNow, out DateTime since)
    {
        string value = text.Trim();
        if (TryParseDuration(value, out TimeSpan back))
        {
            since = utcNow - back;
            return true;
        }

        if (DateTimeOffset.TryParseExact(value, SinceFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset instant))
        {
            since = instant.UtcDateTime;
            return true;
        }

        since = default;
        return false;
    }

    private static bool TryParseDuration(string value, out TimeSpan duration)
    {
        duration = default;
        if (value.Length < 2 ||
            !long.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long amount))
        {
            return false;
        }

        double unitSeconds = char.ToLowerInvariant(value[^1]) switch
        {
            's' => 1,
            'm' => 60,
            'h' => 3_600,
            'd' => 86_400,
            'w' => 604_800,
            _ => 0,
        };
        if (unitSeconds == 0)
        {
            return false;
        }

        // Far enough back to cover any file; TimeSpan itself cannot hold much more.
        duration = TimeSpan.FromSeconds(Math.Min(amount * unitSeconds, TimeSpan.FromDays(365 * 1000).TotalSeconds));
        return true;
    }
}
