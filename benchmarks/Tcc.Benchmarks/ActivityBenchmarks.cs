using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using ContextCompany.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace ContextCompany.Benchmarks;

/// <summary>
/// What the runs' OpenTelemetry Activities cost the caller. Without a listener on the <c>ContextCompany</c>
/// source (the default), starting a run costs one check, measured alone; with the OpenTelemetry SDK
/// listening (always-on sampler, batch processor with an exporter that discards), the tracked call also
/// creates, tags and stops an <c>invoke_agent</c> Activity. Runs are delivered to a sink that discards.
/// </summary>
[MemoryDiagnoser]
public class ActivityBenchmarks
{
    private const string Question = "What is the weather in London?";

    private readonly BenchmarkAgent _agent = new();
    private TracerProvider? _tracing;

    /// <summary>Whether the OpenTelemetry SDK listens to the ContextCompany source.</summary>
    [Params(false, true)]
    public bool Listening { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        DiscardingActivityExporter.ConfigureDefaultClient();
        if (Listening)
        {
            _tracing = DiscardingActivityExporter.Tracing(Tcc.ActivitySourceName);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        DiscardingActivityExporter.ReportStatistics(nameof(ActivityBenchmarks));
        Tcc.ShutdownAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        _tracing?.Dispose();
    }

    /// <summary>The check every run makes before it creates an Activity.</summary>
    [Benchmark]
    public bool Listener_check() => TccActivities.Source.HasListeners();

    [Benchmark(Baseline = true)]
    public string TrackedAgent_wrapper() => _agent.Answer(Question);
}

/// <summary>An OpenTelemetry exporter that discards every batch, and the set-up the caller-cost benchmarks share.</summary>
internal sealed class DiscardingActivityExporter : BaseExporter<Activity>
{
    /// <summary>
    /// The default client, delivering to a sink that discards, with a queue large enough that no run is
    /// dropped while the benchmark runs (a dropped run would cost the caller less than a delivered one).
    /// By default the sink takes the ended runs as they are, the way the peer's exporter takes Activities;
    /// with <paramref name="serializePayloads"/> the worker first writes each run's JSON, as it does for
    /// the service.
    /// </summary>
    public static void ConfigureDefaultClient(bool serializePayloads = false) => Tcc.Configure(options =>
    {
        options.ApiKey = "tcc_benchmark";
        options.TransportOverride = (_, _) => new DiscardingTransport(serializePayloads);
        options.MaxQueueSize = 1_000_000;
    });

    /// <summary>Prints the default client's counters (in the benchmark's log): proof that no run was dropped.</summary>
    public static void ReportStatistics(string benchmark) => Console.WriteLine($"// {benchmark}: {Tcc.Statistics}");

    /// <summary>The OpenTelemetry SDK listening to <paramref name="source"/>: always-on sampler, batch processor, this exporter.</summary>
    public static TracerProvider Tracing(string source) => Sdk.CreateTracerProviderBuilder()
        .AddSource(source)
        .SetSampler(new AlwaysOnSampler())
        .AddProcessor(new BatchActivityExportProcessor(new DiscardingActivityExporter()))
        .Build();

    public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
}
