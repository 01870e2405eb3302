using System;
using System.Globalization;
using System.Text;

namespace ContextCompany.Tool.Output;

/// <summary>
/// How the commands print times, durations, token counts, costs, ids and long texts: one place, so the table,
/// the tree and the viewer say the same thing the same way. Invariant culture throughout: the output of a
/// tool does not change with the machine's locale.
/// </summary>
internal static class Formats
{
    /// <summary>What a missing value prints as.</summary>
    public const string None = "-";

    /// <summary>The ellipsis a cut text ends with.</summary>
    public const string Ellipsis = "…";

    /// <summary>How many characters of a run id the table shows (and <c>show</c> accepts as a prefix).</summary>
    public const int ShortIdLength = 8;

    /// <summary>A UTC time to the second: <c>2026-03-01 12:00:00</c>.</summary>
    public static string Time(DateTime utc) =>
        utc == default ? None : utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A UTC time to the millisecond, marked as UTC: <c>2026-03-01 12:00:00.123 UTC</c>.</summary>
    public static string PreciseTime(DateTime utc) =>
        utc == default ? None : utc.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>The ISO 8601 form of the wire format: <c>2026-03-01T12:00:00.123Z</c>.</summary>
    public static string IsoTime(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A duration in the unit a reader takes in at a glance: <c>850 ms</c>, <c>12.3 s</c>, <c>2m 05s</c>,
    /// <c>1h 02m</c>, <c>3d 04h</c>.
    /// </summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
        {
            duration = TimeSpan.Zero;
        }

        if (duration < TimeSpan.FromSeconds(1))
        {
            return ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";
        }

        if (duration < TimeSpan.FromMinutes(1))
        {
            // Truncated, not rounded (59.96 s must not print as 60.0 s), in whole ticks (no floating-point 1.1 for 1.2).
            long tenths = duration.Ticks / (TimeSpan.TicksPerSecond / 10);
            return string.Create(CultureInfo.InvariantCulture, $"{tenths / 10}.{tenths % 10} s");
        }

        if (duration < TimeSpan.FromHours(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes}m {duration.Seconds:00}s");
        }

        if (duration < TimeSpan.FromDays(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{duration.Hours}h {duration.Minutes:00}m");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{(long)duration.TotalDays}d {duration.Hours:00}h");
    }

    /// <summary>Milliseconds as a duration (<c>ttft_ms</c>).</summary>
    public static string Milliseconds(long? milliseconds) =>
        milliseconds is long ms ? Duration(TimeSpan.FromMilliseconds(ms)) : None;

    /// <summary>A count with thousands separators: <c>1,234</c>.</summary>
    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A token count, <c>-</c> for none (a run without steps has no tokens, not zero).</summary>
    public static string Tokens(long tokens) => tokens == 0 ? None : Count(tokens);

    /// <summary>US dollars to four decimals (<c>$0.0123</c>), <c>-</c> when nothing had a cost.</summary>
    public static string Cost(double? usd)
    {
        if (usd is not double cost)
        {
            return None;
        }

        if (cost > 0 && cost < 0.00005)
        {
            return "<$0.0001"; // would round to $0.0000, which reads as free
        }

        return "$" + cost.ToString(cost >= 1000 ? "N2" : "0.0000", CultureInfo.InvariantCulture);
    }

    /// <summary>The first characters of a run id, as the table shows it.</summary>
    public static string ShortId(string runId) => runId.Length <= ShortIdLength ? runId : runId[..ShortIdLength];

    /// <summary>
    /// A text on one line: line breaks and runs of white space become one space, and past
    /// <paramref name="maxLength"/> characters it is cut and ends with an ellipsis.
    /// </summary>
    public static string OneLine(string? text, int maxLength) => OneLine(text, maxLength, out _);

    /// <inheritdoc cref="OneLine(string?, int)"/>
    /// <param name="text">The text.</param>
    /// <param name="maxLength">The most characters kept, the ellipsis included.</param>
    /// <param name="cut">Whether the text was longer and was cut.</param>
    public static string OneLine(string? text, int maxLength, out bool cut)
    {
        cut = false;
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        StringBuilder line = new(Math.Min(text.Length, maxLength + 1));
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = line.Length > 0;
                continue;
            }

            if (space)
            {
                line.Append(' ');
                space = false;
            }

            line.Append(c);
            if (line.Length > maxLength)
            {
                break;
            }
        }

        cut = line.Length > maxLength;
        return cut ? Cut(line.ToString(), maxLength) : line.ToString();
    }

    /// <summary>
    /// A text cut to <paramref name="maxLength"/> characters with an ellipsis and how much was left out
    /// (<c>… (+1,234 chars)</c>); line breaks are kept. Unchanged when it is short enough.
    /// </summary>
    public static string Cut(string text, int maxLength, bool sayHowMuch)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        string cut = Cut(text, maxLength);
        return sayHowMuch ? cut + " (+" + Count(text.Length - maxLength) + " chars)" : cut;
    }

    /// <summary>A byte size: <c>512 B</c>, <c>12.3 KB</c>, <c>4.5 MB</c>, <c>1.2 GB</c> (powers of 1,024).</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["KB", "MB", "GB", "TB"];
        if (bytes < 1024)
        {
            return Count(bytes) + " B";
        }

        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>"1 step", "2 steps": a count and its noun.</summary>
    public static string Plural(long count, string singular, string plural) =>
        Count(count) + " " + (count == 1 ? singular : plural);

    private static string Cut(string text, int maxLength)
    {
        int length = Math.Max(0, maxLength - 1);
        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--; // never split a surrogate pair
        }

        return text[..length].TrimEnd() + Ellipsis;
    }
}
