using System;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Linq;
using Microsoft.Extensions.Logging;

namespace ContextCompany.Extensions.Hosting;

/// <summary>
/// Logs the events of the SDK's <c>ContextCompany</c> event source (configuration errors, dropped items,
/// retries, delivery failures, warnings) through <see cref="ILogger"/>, category <c>ContextCompany</c>,
/// at the event's level.
/// </summary>
internal sealed class TccLogForwarder : EventListener
{
    /// <summary>The logger category of the SDK's diagnostics.</summary>
    public const string Category = "ContextCompany";

    // The name of the SDK's EventSource (the runtime keeps that type internal).
    private const string EventSourceName = "ContextCompany";

    // Set after the base constructor, which may already report the event source: events of that moment are skipped.
    private readonly ILogger? _logger;

    public TccLogForwarder(ILoggerFactory loggerFactory)
    {
        _logger = loggerFactory.CreateLogger(Category);
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == EventSourceName)
        {
            EnableEvents(eventSource, EventLevel.Informational);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        ILogger? logger = _logger;
        if (logger is null || eventData.EventSource.Name != EventSourceName)
        {
            return;
        }

        LogLevel level = eventData.Level switch
        {
            EventLevel.Critical => LogLevel.Critical,
            EventLevel.Error => LogLevel.Error,
            EventLevel.Warning => LogLevel.Warning,
            EventLevel.Informational => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        if (!logger.IsEnabled(level))
        {
            return;
        }

        object?[] payload = eventData.Payload?.ToArray() ?? [];
        string message = eventData.Message is { Length: > 0 } format
            ? string.Format(CultureInfo.InvariantCulture, format, payload)
            : string.Join(" ", payload);
#pragma warning disable CA1848, CA2254 // The message comes from the event source, whose events are already formatted text.
        logger.Log(level, new EventId(eventData.EventId, eventData.EventName), message);
#pragma warning restore CA1848, CA2254
    }
}
