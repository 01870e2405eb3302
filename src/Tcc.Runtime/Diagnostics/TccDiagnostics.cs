using System;
using System.Collections.Concurrent;

namespace ContextCompany.Diagnostics;

/// <summary>
/// Reports what happens inside a client without ever throwing into user code: always to the
/// <see cref="TccEventSource"/>, and to standard error for errors a user must see and, with
/// <see cref="TccOptions.Debug"/>, for everything.
/// </summary>
internal sealed class TccDiagnostics
{
    // Enough distinct "once" messages for any real program; past this, repeats are no longer remembered.
    private const int MaxRememberedMessages = 1024;

    private readonly ConcurrentDictionary<string, bool> _reported = new(StringComparer.Ordinal);

    public TccDiagnostics(bool debug, Action<string>? standardError = null, bool reportToStandardError = true)
    {
        Debug = debug;
        ReportToStandardError = reportToStandardError;
        StandardError = standardError ?? (static line => Console.Error.WriteLine(line));
    }

    public bool Debug { get; }

    /// <summary>False when the diagnostics are read from the event source only (a host logs them through its own logger).</summary>
    private bool ReportToStandardError { get; }

    private Action<string> StandardError { get; }

    public void ConfigurationError(string message)
    {
        TccEventSource.Log.ConfigurationError(message);
        Report(message);
    }

    public void Dropped(string kind, string reason)
    {
        TccEventSource.Log.ItemDropped(kind, reason);
        if (Debug)
        {
            Report($"[TCC] {kind} dropped: {reason}");
        }
    }

    public void Retried(string kind, string reason)
    {
        TccEventSource.Log.DeliveryRetried(kind, reason);
        if (Debug)
        {
            Report($"[TCC] {kind} delivery retried: {reason}");
        }
    }

    /// <summary>A final delivery failure: in the event stream every time, on standard error once per reason.</summary>
    public void Failed(string kind, string reason)
    {
        TccEventSource.Log.DeliveryFailed(kind, reason);
        if (Debug || FirstTime("failed:" + reason))
        {
            Report($"[TCC] {kind} delivery failed: {reason}");
        }
    }

    /// <summary>A warning reported once per distinct message (metadata drops repeat on every run).</summary>
    public void MetadataDroppedOnce(string message)
    {
        if (FirstTime("metadata:" + message))
        {
            TccEventSource.Log.MetadataDropped(message);
            Report(message);
        }
    }

    public void WarningOnce(string key, string message)
    {
        if (FirstTime(key))
        {
            TccEventSource.Log.Warning(message);
            Report(message);
        }
    }

    /// <summary>A diagnostic line: to standard error unless the diagnostics are read from the event source only.</summary>
    private void Report(string line)
    {
        if (ReportToStandardError)
        {
            WriteLine(line);
        }
    }

    /// <summary>A line for standard error that is output of the SDK rather than a diagnostic (the local file's run summaries).</summary>
    public void WriteLine(string line)
    {
        try
        {
            StandardError(line);
        }
        catch (Exception)
        {
            // A closed or broken standard error must not break the program.
        }
    }

    private bool FirstTime(string key) => _reported.Count < MaxRememberedMessages && _reported.TryAdd(key, true);
}
