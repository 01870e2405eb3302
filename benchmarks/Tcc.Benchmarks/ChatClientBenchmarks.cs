using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using OpenTelemetry.Trace;

namespace ContextCompany.Benchmarks;

/// <summary>
/// Caller-thread cost of one chat call (<c>GetResponseAsync</c>) through <c>UseContextCompany()</c> against the
/// same call through Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c>, with the OpenTelemetry SDK listening
/// (always-on sampler, batch processor, an exporter that discards), over the same model that answers at once from
/// memory; the plain call is the floor. One run is current (<see cref="AgentRun.Activate"/>), so each recorded
/// call is one step of it; the delivery worker hands the steps to a sink that discards them. With
/// <see cref="CaptureContent"/> both record the messages (<c>CaptureMessageContent</c>, <c>EnableSensitiveData</c>);
/// without it, neither does.
/// </summary>
[MemoryDiagnoser]
public class ChatClientBenchmarks
{
    private const string OpenTelemetrySource = "ContextCompany.Benchmarks.ChatClient";

    private readonly List<ChatMessage> _messages = [new(ChatRole.User, "What is the weather in London?")];
    private readonly ChatOptions _options = new() { ModelId = "instant-model" };
    private InstantChatClient _model = null!;
    private IChatClient _contextCompany = null!;
    private IChatClient _openTelemetry = null!;
    private TracerProvider? _tracing;
    private AgentRun? _run;
    private AgentRunScope _scope;

    /// <summary>Whether the message contents are recorded, by both.</summary>
    [Params(true, false)]
    public bool CaptureContent { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        DiscardingActivityExporter.ConfigureDefaultClient();
        _tracing = DiscardingActivityExporter.Tracing(OpenTelemetrySource);
        _model = new InstantChatClient();
        _contextCompany = _model.AsBuilder().UseContextCompany(o => o.CaptureMessageContent = CaptureContent).Build();
        _openTelemetry = _model.AsBuilder().UseOpenTelemetry(sourceName: OpenTelemetrySource, configure: o => o.EnableSensitiveData = CaptureContent).Build();

        // Current on this thread for the whole measurement: the benchmark methods run on it, synchronously.
        _run = Tcc.Run().Prompt("Plan my trip to London");
        _scope = _run.Activate();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // A run that was not current would have made the recorded calls start runs of their own: not this benchmark.
        bool current = ReferenceEquals(AgentRun.Current, _run);
        _scope.Dispose();
        _run?.Response("done").End();
        DiscardingActivityExporter.ReportStatistics($"{nameof(ChatClientBenchmarks)}, CaptureContent={CaptureContent}, run current={current}");
        Tcc.ShutdownAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        _tracing?.Dispose();
        if (!current)
        {
            throw new InvalidOperationException("The benchmark's run was not current during the measurement.");
        }
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> Plain_call() => _model.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> UseContextCompany() => _contextCompany.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> UseOpenTelemetry() => _openTelemetry.GetResponseAsync(_messages, _options);

    /// <summary>A model that answers from memory: the same completed response, with model, finish reason and usage.</summary>
    private sealed class InstantChatClient : IChatClient
    {
        private static readonly ChatClientMetadata Metadata = new("instant", defaultModelId: "instant-model");

        private readonly Task<ChatResponse> _response = Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "It is 15°C and cloudy in London."))
        {
            ModelId = "instant-model-2025",
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 12, CachedInputTokenCount = 4, OutputTokenCount = 9, TotalTokenCount = 21 },
        });

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => _response;

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is not null ? null : serviceType == typeof(ChatClientMetadata) ? Metadata : serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose()
        {
        }
    }
}
