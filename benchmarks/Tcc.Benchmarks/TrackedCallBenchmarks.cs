using System.Diagnostics;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using ContextCompany;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace ContextCompany.Benchmarks;

/// <summary>
/// Caller-thread cost of one tracked call: a plain call; the generated [TrackedAgent] wrapper (run created,
/// filled and ended into the delivery queue); the same by hand; and, as the peer, an OpenTelemetry span
/// (always-on sampler, batch processor with an exporter that discards) carrying the same strings as tags.
/// Delivery happens on one background worker, which hands each run to a sink that discards it: the
/// caller's cost is measured, not the network's. With <see cref="Serialize"/> false the sink takes the run
/// as it is, as the peer's exporter takes the Activity; with true the worker first writes the run's JSON,
/// as it does for the service, and the caller also pays for the backlog when that worker falls behind.
/// </summary>
[MemoryDiagnoser]
public class TrackedCallBenchmarks
{
    private const string Question = "What is the weather in London?";

    private static readonly ActivitySource Source = new("ContextCompany.Benchmarks");

    private readonly BenchmarkAgent _agent = new();
    private TracerProvider? _tracing;

    /// <summary>Whether the delivery worker serializes each run before the sink discards it.</summary>
    [Params(false, true)]
    public bool Serialize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        DiscardingActivityExporter.ConfigureDefaultClient(Serialize);
        _tracing = DiscardingActivityExporter.Tracing(Source.Name);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        DiscardingActivityExporter.ReportStatistics($"{nameof(TrackedCallBenchmarks)}, Serialize={Serialize}");
        Tcc.ShutdownAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        _tracing?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public string Plain_call() => _agent.AnswerPlain(Question);

    [Benchmark]
    public string OpenTelemetry_span()
    {
        using Activity? activity = Source.StartActivity("support-agent");
        activity?.SetTag("tcc.agent", "support-agent");
        activity?.SetTag("prompt", Question);
        string response = _agent.AnswerPlain(Question);
        activity?.SetTag("response", response);
        return response;
    }

    [Benchmark]
    public string TrackedAgent_wrapper() => _agent.Answer(Question);

    [Benchmark]
    public string Manual_run()
    {
        AgentRun run = Tcc.Run().Metadata("tcc.agent", "support-agent").Prompt(Question);
        string response = _agent.AnswerPlain(Question);
        run.Response(response).End();
        return response;
    }

    [Benchmark]
    public Task<string> Plain_call_async() => _agent.AnswerPlainAsync(Question);

    [Benchmark]
    public Task<string> TrackedAgent_wrapper_async() => _agent.AnswerAsync(Question);

    [Benchmark]
    public Task<int> Plain_streaming() => ReadAll(_agent.StreamPlainAsync(Question));

    [Benchmark]
    public Task<int> TrackedAgent_wrapper_streaming() => ReadAll(_agent.StreamAsync(Question));

    private static async Task<int> ReadAll(IAsyncEnumerable<string> stream)
    {
        int characters = 0;
        await foreach (string chunk in stream)
        {
            characters += chunk.Length;
        }

        return characters;
    }
}

public sealed partial class BenchmarkAgent
{
    private const string Response = "The weather in London is 15°C and cloudy.";

    private static readonly string[] Chunks = ["The weather ", "in London ", "is 15°C ", "and cloudy."];

    [TrackedAgent("support-agent")]
    public partial string Answer(string question);

    [TrackedAgent("support-agent")]
    public partial Task<string> AnswerAsync(string question);

    [TrackedAgent("support-agent")]
    public partial IAsyncEnumerable<string> StreamAsync(string question, CancellationToken cancellationToken = default);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public string AnswerPlain(string question) => Response;

    private string AnswerCore(string question) => AnswerPlain(question);

    /// <summary>The async implementation, called directly: what the async wrapper adds to.</summary>
    public Task<string> AnswerPlainAsync(string question) => Task.FromResult(AnswerPlain(question));

    /// <summary>The streaming implementation, called directly: what the streaming wrapper adds to.</summary>
    public IAsyncEnumerable<string> StreamPlainAsync(string question, CancellationToken cancellationToken = default) => StreamCoreAsync(question, cancellationToken);

    private Task<string> AnswerCoreAsync(string question) => AnswerPlainAsync(question);

    private async IAsyncEnumerable<string> StreamCoreAsync(string question, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (string chunk in Chunks)
        {
            yield return chunk;
        }

        await Task.CompletedTask;
    }
}

/// <summary>
/// A sink that discards every ended item, serialized first or as it is. With <paramref name="sendsBatches"/>
/// it takes a run with its children in one payload, as the service does, which offline storage requires.
/// </summary>
internal sealed class DiscardingTransport(bool serializePayloads, bool sendsBatches = false) : ContextCompany.Export.Transport
{
    private static readonly Task<ContextCompany.Export.SendResult> Delivered = Task.FromResult(ContextCompany.Export.SendResult.Delivered);

    public override bool NeedsPayload => serializePayloads;

    public override int Concurrency => 1;

    public override int TakeBatchSize => 64;

    public override bool SendsBatches => sendsBatches;

    public override Task<ContextCompany.Export.SendResult> SendAsync(ContextCompany.Export.IExportItem? item, ArraySegment<byte> payload, CancellationToken cancellationToken) => Delivered;
}
