using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using ContextCompany.Diagnostics;
using ContextCompany.Export;

namespace ContextCompany.Benchmarks;

/// <summary>
/// The run serializer (Utf8JsonWriter with the wire format's rules) against System.Text.Json with a
/// source-generated context of the same shape: the physical reference for writing this JSON.
/// </summary>
[MemoryDiagnoser]
public class SerializationBenchmarks
{
    private readonly PayloadWriter _writer = new(new TccDiagnostics(debug: false));
    private readonly MemoryStream _stream = new();
    private AgentRun _run = null!;
    private RunShape _shape = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The run is never ended: the shutdown ends it as an error, and a sink that discards keeps it out of the
        // current folder's local runs file.
        DiscardingActivityExporter.ConfigureDefaultClient();
        _run = Tcc.Run(runId: "3f2a9c1e-0000-4000-8000-000000000000", sessionId: "session-123", conversational: true)
            .Prompt("What is the weather in London?", "You are a helpful weather agent.")
            .Metadata(("tcc.agent", "support-agent"), ("tcc.userId", "user-123"), ("tcc.userName", "Jane Doe"), ("plan", "pro"))
            .Response("The weather in London is 15°C and cloudy.");
        _shape = new RunShape
        {
            Type = "run",
            RunId = _run.RunId,
            SessionId = "session-123",
            Conversational = true,
            StartTime = "2026-03-01T12:00:00.123Z",
            EndTime = "2026-03-01T12:00:01.456Z",
            StatusCode = 0,
            Prompt = new PromptShape { UserPrompt = "What is the weather in London?", SystemPrompt = "You are a helpful weather agent." },
            Response = "The weather in London is 15°C and cloudy.",
            Metadata = new Dictionary<string, string> { ["tcc.agent"] = "support-agent", ["tcc.userId"] = "user-123", ["tcc.userName"] = "Jane Doe", ["plan"] = "pro" },
        };
    }

    [Benchmark(Baseline = true)]
    public int SystemTextJson_source_generated()
    {
        _stream.SetLength(0);
        JsonSerializer.Serialize(_stream, _shape, RunJsonContext.Default.RunShape);
        return (int)_stream.Length;
    }

    [Benchmark]
    public int Tcc_payload_writer() => _writer.Write(_run).Count;

    public sealed class RunShape
    {
        public string Type { get; set; } = "";
        public string RunId { get; set; } = "";
        public string? SessionId { get; set; }
        public bool? Conversational { get; set; }
        public string StartTime { get; set; } = "";
        public string EndTime { get; set; } = "";
        public int StatusCode { get; set; }
        public PromptShape? Prompt { get; set; }
        public string? Response { get; set; }
        public Dictionary<string, string>? Metadata { get; set; }
    }

    public sealed class PromptShape
    {
        public string UserPrompt { get; set; } = "";
        public string? SystemPrompt { get; set; }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SerializationBenchmarks.RunShape))]
internal sealed partial class RunJsonContext : JsonSerializerContext;
