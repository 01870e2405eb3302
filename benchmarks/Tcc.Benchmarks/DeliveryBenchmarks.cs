using System.Diagnostics;
using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContextCompany.Benchmarks;

/// <summary>
/// Delivery throughput: runs ended and delivered to a Kestrel server on 127.0.0.1 that accepts and discards
/// them (one operation = one run; the time includes the flush that waits for the last one). Then a burst:
/// 1,000,000 runs against a server that never answers, with the default queue of 2,048; the extra peak
/// working set is printed, since the queue drops and counts instead of growing.
/// </summary>
[Config(typeof(DeliveryBenchmarks.MonitoringConfig))]
public class DeliveryBenchmarks
{
    private const int RunsPerInvocation = 20_000;

    private WebApplication _server = null!;
    private TccClient _client = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = StartServer(stall: false, out Uri baseUrl);
        _client = new TccClient(new TccOptions
        {
            ApiKey = "tcc_benchmark",
            BaseUrl = baseUrl,
            MaxQueueSize = RunsPerInvocation * 2,
            LocalRunSummaries = false,
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _server.StopAsync().GetAwaiter().GetResult();
        Burst();
    }

    [Benchmark(OperationsPerInvoke = RunsPerInvocation)]
    public bool Runs_delivered_to_Kestrel()
    {
        for (int i = 0; i < RunsPerInvocation; i++)
        {
            _client.Run().Prompt("What is the weather in London?").Response("15°C and cloudy.").End();
        }

        return _client.FlushAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
    }

    /// <summary>1,000,000 runs at a stalled server: prints the extra peak working set and the counters.</summary>
    private static void Burst()
    {
        WebApplication stalled = StartServer(stall: true, out Uri baseUrl);
        using Process self = Process.GetCurrentProcess();
        GC.Collect();
        self.Refresh();
        long before = self.WorkingSet64;
        long peak = before;
        TccClient client = new(new TccOptions { ApiKey = "tcc_benchmark", BaseUrl = baseUrl, RequestTimeout = TimeSpan.FromSeconds(1), MaxDeliveryAttempts = 1, ShutdownTimeout = TimeSpan.FromSeconds(1) });
        Stopwatch elapsed = Stopwatch.StartNew();
        for (int i = 0; i < 1_000_000; i++)
        {
            client.Run().Prompt("What is the weather in London?").Response("15°C and cloudy.").End();
            if (i % 50_000 == 0)
            {
                self.Refresh();
                peak = Math.Max(peak, self.WorkingSet64);
            }
        }

        elapsed.Stop();
        self.Refresh();
        peak = Math.Max(peak, self.WorkingSet64);
        client.Dispose();
        Console.WriteLine($"// Burst: 1,000,000 runs ended in {elapsed.Elapsed.TotalSeconds:0.00} s against a stalled server; " +
            $"extra peak working set {(peak - before) / (1024.0 * 1024.0):0.0} MB; {client.Statistics}");
        stalled.StopAsync().GetAwaiter().GetResult();
    }

    /// <summary>Each operation is long (20,000 runs and a flush): measured as a monitoring job, except in quick mode.</summary>
    public sealed class MonitoringConfig : ManualConfig
    {
        public MonitoringConfig()
        {
            if (!BenchmarkMode.Quick)
            {
                AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
            }
        }
    }

    /// <summary>Requests the benchmarks' Kestrel servers have received, for the request counts they print.</summary>
    internal static long RequestsReceived;

    internal static WebApplication StartServer(bool stall, out Uri baseUrl)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        app.Run(async context =>
        {
            Interlocked.Increment(ref RequestsReceived);
            await context.Request.Body.CopyToAsync(Stream.Null);
            if (stall)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        });
        app.StartAsync().GetAwaiter().GetResult();
        baseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return app;
    }
}
