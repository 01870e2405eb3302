using System;
using ContextCompany.Redaction;

namespace ContextCompany.Model;

/// <summary>Validation shared by runs, steps and tool calls, with the Python SDK's wording.</summary>
internal static class RecordGuard
{
    public const int StatusOk = 0;
    public const int StatusError = 2;

    public static void ThrowIfEnded(bool ended, string what)
    {
        if (ended)
        {
            throw new InvalidOperationException($"[TCC] {what} has already ended");
        }
    }

    public static void CheckStatusCode(int code)
    {
        // OpenTelemetry's status codes, which the service uses: 0 unset/ok, 1 ok, 2 error.
        if (code is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "[TCC] Status code must be 0 (ok), 1 (ok) or 2 (error)");
        }
    }

    public static string? RedactStatus(string? message) =>
        message is null ? null : StatusMessageRedactor.Redact(message);

    /// <summary>Now in UTC, truncated to the millisecond the wire format carries.</summary>
    public static DateTime UtcNowMilliseconds()
    {
        long ticks = DateTime.UtcNow.Ticks;
        return new DateTime(ticks - (ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }

    public static string NewId() => RunIds.NewId();

    public static void CheckId(string? id, string paramName)
    {
        if (id is not null && id.Length == 0)
        {
            throw new ArgumentException("[TCC] An id must not be empty; pass null to generate one.", paramName);
        }
    }

    public static void ThrowIfNull(object? value, string paramName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName);
        }
    }
}
