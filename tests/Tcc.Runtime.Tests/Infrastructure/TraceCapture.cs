using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace ContextCompany.Tests.Infrastructure;

/// <summary>Activity tests share the process-wide listeners and the default client: they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ActivityCollection
{
    public const string Name = "Activities";
}

/// <summary>
/// A tracer provider of the OpenTelemetry SDK (always-on sampler, in-memory exporter) for the
/// <c>ContextCompany</c> source and the tests' own root source; reads back one trace.
/// </summary>
internal sealed class TraceCapture : IDisposable
{
    private static readonly ActivitySource RootSource = new("ContextCompany.Tests");

    private readonly List<Activity> _exported = [];
    private readonly TracerProvider _provider;
    private Activity? _root;

    public TraceCapture()
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource("ContextCompany", RootSource.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(_exported)
            .Build();
    }

    public Activity Root => _root ?? throw new InvalidOperationException("StartRoot was not called.");

    /// <summary>The exported Activities of this test's trace, the root included.</summary>
    public IReadOnlyList<Activity> Activities
    {
        get
        {
            _provider.ForceFlush();
            lock (_exported)
            {
                return _exported.Where(a => a.TraceId == Root.TraceId).ToArray();
            }
        }
    }

    public Activity StartRoot() => _root = RootSource.StartActivity("test-root") ?? throw new InvalidOperationException("The root was not sampled.");

    public Activity Single(string displayName)
    {
        Activity[] matches = Activities.Where(a => a.DisplayName == displayName).ToArray();
        Assert.True(matches.Length == 1, $"Expected one '{displayName}', found {matches.Length} among: {string.Join(", ", Activities.Select(a => a.DisplayName))}");
        return matches[0];
    }

    public void Dispose() => _provider.Dispose();
}

/// <summary>Tracked agents for the Activity tests: nested calls, a step and a tool call, a failure.</summary>
