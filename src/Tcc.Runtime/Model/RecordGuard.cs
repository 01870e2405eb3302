using System;
using System.Diagnostics.CodeAnalysis;

namespace ContextCompany.Model;

/// <summary>The argument and state checks of runs, steps and tool calls, with the Python SDK's wording.</summary>
internal static class RecordGuard
{
    public static void ThrowIfNull([NotNull] object? value, string paramName)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName);
        }
    }

    public static void CheckId(string? id, string paramName)
    {
        if (id is not null && id.Length == 0)
        {
            throw new ArgumentException("[TCC] An id must not be empty; pass null to generate one.", paramName);
        }
    }

    /// <summary>The status of a code that the public <c>Status(int code, ...)</c> methods take.</summary>
    public static RecordStatus CheckStatusCode(int code)
    {
        if (code is < (int)RecordStatus.Unset or > (int)RecordStatus.Error)
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "[TCC] Status code must be 0 (ok), 1 (ok) or 2 (error)");
        }

        return (RecordStatus)code;
    }

    public static void CheckMetadataPair(string? key, string? value, string paramName)
    {
        if (key is null)
        {
            throw new ArgumentException("[TCC] A metadata key is null.", paramName);
        }

        if (value is null)
        {
            throw new ArgumentException($"[TCC] The metadata value for key '{key}' is null; leave the key out instead.", paramName);
        }
    }

    public static void CheckTokenCount(int? count, string paramName)
    {
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, count, "[TCC] A token count must not be negative");
        }
    }

    public static void CheckCost(double realTotal, string paramName)
    {
        if (double.IsNaN(realTotal) || double.IsInfinity(realTotal) || realTotal < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, realTotal, "[TCC] Cost must be a finite, non-negative amount in USD");
        }
    }

    public static void CheckDuration(TimeSpan elapsed, string paramName)
    {
        if (elapsed < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, elapsed, "[TCC] A duration must not be negative");
        }
    }

    /// <summary>Refuses to end a record that lacks a required field (<paramref name="message"/> says which and how to set it).</summary>
    public static void Require(string? field, string message)
    {
        if (field is null)
        {
            throw new InvalidOperationException(message);
        }
    }

    /// <param name="what">"Run", "Step" or "Tool call".</param>
    [DoesNotReturn]
    public static void ThrowEnded(string what) => throw new InvalidOperationException($"[TCC] {what} has already ended");
}
