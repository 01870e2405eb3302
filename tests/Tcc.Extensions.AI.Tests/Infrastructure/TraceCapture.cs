using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace ContextCompany.Extensions.AI.Tests.Infrastructure;

/// <summary>
/// A tracer provider of the OpenTelemetry SDK (always-on sampler, in-memory exporter) listening to the SDK's
/// <c>ContextCompany</c> source, Microsoft.Extensions.AI's source and the test's root source; reads back the
/// test's trace (other tests' Activities have other trace ids).
/// </summary>
internal sealed class TraceCapture : IDisposable
{
    /// <summary>The source name the tests give <c>UseOpenTelemetry()</c>.</summary>
    public const string ChatSourceName = "ContextCompany.Extensions.AI.Tests.Chat";

    private static readonly ActivitySource RootSource = new("ContextCompany.Extensions.AI.Tests");

    private readonly List<Activity> _exported = [];
    private readonly TracerProvider _provider;
    private Activity? _root;

    public TraceCapture()
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(Tcc.ActivitySourceName, ChatSourceName, RootSource.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(_exported)
            .Build();
    }

    public Activity Root => _root ?? throw new InvalidOperationException("StartRoot was not called.");

    /// <summary>The exported Activities of this test's trace, the root left out.</summary>
    public IReadOnlyList<Activity> Spans
    {
        get
        {
            _provider.ForceFlush();
            lock (_exported)
            {
                return _exported.Where(a => a.TraceId == Root.TraceId && a != Root).ToArray();
            }
        }
    }

    public Activity StartRoot() => _root = RootSource.StartActivity("test-root") ?? throw new InvalidOperationException("The root was not sampled.");

    /// <summary>The trace as indented lines, <c>source: name</c>, children in start order (for failure messages).</summary>
    public string Tree()
    {
        IReadOnlyList<Activity> spans = Spans;
        List<string> lines = [];
        void Write(ActivitySpanId parent, int depth)
        {
            foreach (Activity child in spans.Where(s => s.ParentSpanId == parent).OrderBy(s => s.StartTimeUtc))
            {
                lines.Add(new string(' ', depth * 2) + child.Source.Name + ": " + child.DisplayName + " [" + string.Join(", ", child.TagObjects.Select(t => t.Key)) + "]");
                Write(child.SpanId, depth + 1);
            }
        }

        Write(Root.SpanId, 0);
        return string.Join("\n", lines);
    }

    public void Dispose() => _provider.Dispose();
}
