using System;

namespace ContextCompany.Model;

/// <summary>The start and end times of runs, steps and tool calls.</summary>
internal static class MillisecondClock
{
    /// <summary>Now in UTC, truncated to the millisecond the wire format carries.</summary>
    public static DateTime UtcNow()
    {
        long ticks = DateTime.UtcNow.Ticks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }
}
