using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace ContextCompany.Tests.Infrastructure;

/// <summary>Listens to the SDK's <c>ContextCompany</c> event source for the duration of a test.</summary>
public sealed class EventCapture : EventListener
{
    private readonly ConcurrentQueue<EventWrittenEventArgs> _events = new();

    public IReadOnlyList<EventWrittenEventArgs> Events => _events.ToArray();

    /// <summary>Every event's payload strings, joined.</summary>
    public IReadOnlyList<string> Messages =>
        _events.Select(e => string.Join(" | ", e.Payload?.Select(p => p?.ToString()) ?? [])).ToArray();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "ContextCompany")
        {
            EnableEvents(eventSource, EventLevel.Verbose);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData) => _events.Enqueue(eventData);
}
