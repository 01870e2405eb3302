using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ContextCompany.Benchmarks;

// dotnet run -c Release --project benchmarks/Tcc.Benchmarks                 every benchmark, full measurement
// dotnet run -c Release --project benchmarks/Tcc.Benchmarks -- --quick      every benchmark, a few iterations
// dotnet run -c Release --project benchmarks/Tcc.Benchmarks -- --filter *Serialization*
bool quick = args.Contains("--quick");
BenchmarkMode.Quick = quick;
string[] rest = args.Where(a => a != "--quick").ToArray();
IConfig config = DefaultConfig.Instance;
if (quick)
{
    // Seconds, not minutes: proves the benchmarks build and run (a test runs this), measures nothing. In
    // this process: no project is generated and built per benchmark.
    config = config.AddJob(Job.Dry.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithToolchain(InProcessEmitToolchain.Instance).WithId("Quick"))
        .WithOptions(ConfigOptions.DisableOptimizationsValidator);
}

BenchmarkSwitcher.FromAssembly(typeof(TrackedCallBenchmarks).Assembly).Run(rest.Length == 0 ? ["--filter", "*"] : rest, config);

namespace ContextCompany.Benchmarks
{
    /// <summary>How the benchmarks were started: quick mode runs a few iterations of each, to prove they work.</summary>
    internal static class BenchmarkMode
    {
        public static bool Quick { get; set; }
    }
}
