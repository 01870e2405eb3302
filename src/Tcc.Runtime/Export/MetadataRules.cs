using System;
using System.Collections.Generic;
using ContextCompany.Model;
using ContextCompany.Diagnostics;

namespace ContextCompany.Export;

/// <summary>
/// The service's rules for reserved metadata, applied when a run is exported. A value the service would
/// drop is dropped here and reported once, so the user learns why it never shows up in the dashboard.
/// </summary>
internal static class MetadataRules
{
    /// <summary>Whether the pair is sent; when not, the reason is reported once through <paramref name="diagnostics"/>.</summary>
    public static bool ShouldSend(string key, string value, ReadOnlySpan<KeyValuePair<string, string>> metadata, TccDiagnostics diagnostics)
    {
        if (!key.StartsWith(TccRules.ReservedKeyPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        string? reason = DropReason(key, value, metadata);
        if (reason is null)
        {
            return true;
        }

        diagnostics.MetadataDroppedOnce(reason);
        return false;
    }

    /// <summary>Why the service would drop the pair, or null when it keeps it.</summary>
    public static string? DropReason(string key, string value, ReadOnlySpan<KeyValuePair<string, string>> metadata)
    {
        if (key == TccRules.AgentKey && TccRules.IsReservedAgentName(value))
        {
            return $"[TCC] Dropped metadata {TccRules.AgentKey}='{value}': the name is a reserved dashboard route; choose another agent name";
        }

        if (TccRules.RequiredIdKey(key) is { } idKey && !MetadataEntries.Contains(metadata, idKey))
        {
            return $"[TCC] Dropped metadata {key}: it requires {idKey} on the same run";
        }

        if (TccRules.IsUnknownReservedKey(key))
        {
            string? intended = TccRules.IntendedReservedKey(key);
            return intended is null
                ? $"[TCC] Dropped metadata '{key}': keys starting with '{TccRules.ReservedKeyPrefix}' are reserved and this one is not recognized"
                : $"[TCC] Dropped metadata '{key}': keys starting with '{TccRules.ReservedKeyPrefix}' are reserved and this one is not recognized; did you mean '{intended}'?";
        }

        return null;
    }
}
