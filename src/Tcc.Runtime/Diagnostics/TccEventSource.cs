using System.Diagnostics.Tracing;

namespace ContextCompany.Diagnostics;

/// <summary>
/// The SDK's diagnostics channel: an <see cref="EventSource"/> named <c>ContextCompany</c>, readable with
/// <c>dotnet-trace</c>, <c>dotnet-monitor</c> or an in-process <see cref="EventListener"/>. The API key
/// is never part of any event.
/// </summary>
[EventSource(Name = SourceName)]
internal sealed class TccEventSource : EventSource
{
    public const string SourceName = "ContextCompany";

    public static readonly TccEventSource Log = new();

    private TccEventSource()
    {
    }

    [Event(1, Level = EventLevel.Error, Message = "{0}")]
    public void ConfigurationError(string message) => WriteEvent(1, message);

    [Event(2, Level = EventLevel.Warning, Message = "{0} dropped: {1}")]
    public void ItemDropped(string kind, string reason) => WriteEvent(2, kind, reason);

    [Event(3, Level = EventLevel.Informational, Message = "{0} delivery retried: {1}")]
    public void DeliveryRetried(string kind, string reason) => WriteEvent(3, kind, reason);

    [Event(4, Level = EventLevel.Error, Message = "{0} delivery failed: {1}")]
    public void DeliveryFailed(string kind, string reason) => WriteEvent(4, kind, reason);

    [Event(5, Level = EventLevel.Warning, Message = "{0}")]
    public void MetadataDropped(string message) => WriteEvent(5, message);

    [Event(6, Level = EventLevel.Warning, Message = "{0}")]
    public void Warning(string message) => WriteEvent(6, message);
}
