using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using ContextCompany.Configuration;
using ContextCompany.Export;
using Microsoft.AspNetCore.Builder;

namespace ContextCompany.Benchmarks;

/// <summary>
/// The caller's cost of a run by hand (<c>Tcc.Run()...End()</c>) with offline storage off and on. The worker
/// serializes each run (storage needs the bytes) and, with storage on, writes each group to a segment file
/// before the sink discards the runs; the caller only hands the run to the queue either way. Each iteration is
/// one batch of runs, and the next starts once the worker has caught up (a paced loop: nothing is dropped).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PacedConfig))]
public class StorageCallerCostBenchmarks
{
    private const string Question = "What is the weather in London?";
    private const int RunsPerInvocation = 5_000;

    private TccClient _client = null!;
    private string? _directory;

    /// <summary>Whether ended runs are also written to a storage directory.</summary>
    [Params(false, true)]
    public bool Storage { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Storage ? Directory.CreateTempSubdirectory("tcc-bench-").FullName : null;
        _client = new TccClient(new TccOptions
        {
            ApiKey = "tcc_benchmark",
            StorageDirectory = _directory,
            MaxQueueSize = 1_000_000,
            LocalRunSummaries = false,
            TransportOverride = (_, _) => new DiscardingTransport(serializePayloads: true, sendsBatches: true),
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        Console.WriteLine($"// {nameof(StorageCallerCostBenchmarks)}, Storage={Storage}: {_client.Statistics}");
        StoredDeliveryBenchmarks.DeleteDirectory(_directory);
    }

    /// <summary>
    /// Waits, outside the measurement, until the worker (and with storage on, the writer) has caught up, so every
    /// iteration measures runs the queue accepts: a loop that outran the writer would measure dropped runs.
    /// </summary>
    [IterationCleanup]
    public void CatchUp() => _client.FlushAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();

    /// <summary>
    /// An iteration is one invocation (the catch-up runs between iterations), so the job takes many of them: the
    /// short job's three would leave the first file creations and JIT in the figure. Read the median.
    /// </summary>
    public sealed class PacedConfig : ManualConfig
    {
        public PacedConfig()
        {
            if (!BenchmarkMode.Quick)
            {
                AddJob(Job.Default.WithWarmupCount(5).WithIterationCount(40).WithId("Paced"));
            }

            AddColumn(StatisticColumn.Median, StatisticColumn.P90);
        }
    }

    [Benchmark(OperationsPerInvoke = RunsPerInvocation)]
    public int Manual_run()
    {
        const string Response = "The weather in London is 15°C and cloudy.";
        for (int i = 0; i < RunsPerInvocation; i++)
        {
            _client.Run().Metadata("tcc.agent", "support-agent").Prompt(Question).Response(Response).End();
        }

        return RunsPerInvocation;
    }
}

/// <summary>
/// Delivery throughput to a Kestrel server on 127.0.0.1 with offline storage off and on (one operation = one
/// run; the time includes the flush that waits for the last one, which with storage on means written,
/// delivered and its segment deleted).
/// </summary>
[Config(typeof(DeliveryBenchmarks.MonitoringConfig))]
public class StoredDeliveryBenchmarks
{
    private const int RunsPerInvocation = 20_000;

    private WebApplication _server = null!;
    private TccClient _client = null!;
    private string? _directory;

    /// <summary>Whether ended runs are also written to a storage directory.</summary>
    [Params(false, true)]
    public bool Storage { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = DeliveryBenchmarks.StartServer(stall: false, out Uri baseUrl);
        _directory = Storage ? Directory.CreateTempSubdirectory("tcc-bench-").FullName : null;
        _client = new TccClient(new TccOptions
        {
            ApiKey = "tcc_benchmark",
            BaseUrl = baseUrl,
            StorageDirectory = _directory,
            MaxQueueSize = RunsPerInvocation * 2,
            LocalRunSummaries = false,
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        Console.WriteLine($"// {nameof(StoredDeliveryBenchmarks)}, Storage={Storage}: {_client.Statistics}");
        _server.StopAsync().GetAwaiter().GetResult();
        DeleteDirectory(_directory);
    }

    [Benchmark(OperationsPerInvoke = RunsPerInvocation)]
    public bool Runs_delivered_with_storage()
    {
        for (int i = 0; i < RunsPerInvocation; i++)
        {
            _client.Run().Prompt("What is the weather in London?").Response("15°C and cloudy.").End();
        }

        return _client.FlushAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
    }

    internal static void DeleteDirectory(string? directory)
    {
        if (directory is not null && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>
/// Runs of 2 steps and 1 tool call delivered to a Kestrel server on 127.0.0.1, each run with its children in
/// one batch request (as the SDK sends them) or, through a benchmark-only transport that refuses batches,
/// one request per item (4 per run). One operation = one run; the requests per run are printed.
/// </summary>
[Config(typeof(DeliveryBenchmarks.MonitoringConfig))]
public class BatchDeliveryBenchmarks
{
    private const int RunsPerInvocation = 5_000;

    private WebApplication _server = null!;
    private TccClient _client = null!;
    private long _requestsBefore;
    private long _runs;

    /// <summary>Whether a run and its children go in one request.</summary>
    [Params(false, true)]
    public bool Batches { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = DeliveryBenchmarks.StartServer(stall: false, out Uri baseUrl);
        TccOptions options = new()
        {
            ApiKey = "tcc_benchmark",
            BaseUrl = baseUrl,
            MaxQueueSize = RunsPerInvocation * 8,
            LocalRunSummaries = false,
        };
        if (!Batches)
        {
            options.TransportOverride = (o, _) => new OneItemPerRequest(new HttpTransport(o, ServiceEndpoints.Resolve(o).IngestUrl));
        }

        _client = new TccClient(options);
        _requestsBefore = Interlocked.Read(ref DeliveryBenchmarks.RequestsReceived);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        long requests = Interlocked.Read(ref DeliveryBenchmarks.RequestsReceived) - _requestsBefore;
        Console.WriteLine($"// {nameof(BatchDeliveryBenchmarks)}, Batches={Batches}: {requests} requests for {_runs} runs " +
            $"({(double)requests / Math.Max(1, _runs):0.00} a run); {_client.Statistics}");
        _server.StopAsync().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = RunsPerInvocation)]
    public bool Runs_with_two_steps_and_a_tool_call()
    {
        for (int i = 0; i < RunsPerInvocation; i++)
        {
            AgentRun run = _client.Run().Prompt("What is the weather in London?");
            run.Step().Prompt("Which tool answers this?").Response("get_weather").End();
            run.ToolCall("get_weather").Args("{\"city\":\"London\"}").Result("{\"celsius\":15}").End();
            run.Step().Prompt("Answer from the tool's result.").Response("15°C and cloudy.").End();
            run.Response("15°C and cloudy.").End();
        }

        _runs += RunsPerInvocation;
        return _client.FlushAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
    }

    /// <summary>The service's transport, but a run's children are not held for it: each item goes alone.</summary>
    private sealed class OneItemPerRequest(HttpTransport http) : Transport
    {
        public override int Concurrency => http.Concurrency;

        public override Task<SendResult> SendAsync(IExportItem? item, ArraySegment<byte> payload, CancellationToken cancellationToken) =>
            http.SendAsync(item, payload, cancellationToken);

        public override void Dispose() => http.Dispose();
    }
}
