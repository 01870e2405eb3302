using System;
using System.Globalization;

namespace ContextCompany.Tool.Commands;

/// <summary>
/// The value of <c>--since</c>: an ISO 8601 date or date and time (UTC unless it carries an offset), or a
/// duration back from now (<c>90s</c>, <c>30m</c>, <c>2h</c>, <c>7d</c>, <c>2w</c>).
/// </summary>
internal static class SinceOption
{
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>The UTC instant <paramref name="text"/> names.</summary>
    /// <exception cref="ToolException">It is neither a date nor a duration.</exception>
    public static DateTime Parse(string text, DateTime utcNow)
    {
        string value = text.Trim();
        if (TryParseDuration(value, out TimeSpan back))
        {
            return utcNow - back;
        }

        if (DateTimeOffset.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset instant))
        {
            return instant.UtcDateTime;
        }

        throw new ToolException(
            $"invalid --since '{text}': expected a date or time such as 2026-03-01 or 2026-03-01T12:00:00Z (UTC unless an offset is given), " +
            "or a duration back from now such as 30m, 2h or 7d (s, m, h, d, w)");
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
        double seconds = Math.Min(amount * unitSeconds, TimeSpan.FromDays(365 * 1000).TotalSeconds);
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
