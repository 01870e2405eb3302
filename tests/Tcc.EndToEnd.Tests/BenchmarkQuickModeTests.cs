using ContextCompany.EndToEnd.Tests.Infrastructure;
using ContextCompany.Tests.Shared;
using Xunit;

namespace ContextCompany.EndToEnd.Tests;

/// <summary>
/// The benchmarks keep compiling and running: their quick mode (a few iterations of every benchmark) runs
/// here. It measures nothing; the figures come from the full mode, run by hand (docs/benchmarks.md).
/// </summary>
public sealed class BenchmarkQuickModeTests
{
    [Fact]
    public void Every_benchmark_runs_in_quick_mode()
    {
        // About two minutes alone (a Release build, then every benchmark in process); CI runs the other test
        // projects on the same cores at the same time, hence the generous limit.
        (int exitCode, string output) = PackagedSdk.RunWith(
            new(), TimeSpan.FromMinutes(20), RepositoryPaths.Root, "dotnet", "run", "-c", "Release", "--project", "benchmarks/Tcc.Benchmarks", "--", "--quick");

        Assert.True(exitCode == 0, output);
        foreach (string benchmark in new[]
        {
            "Plain_call", "OpenTelemetry_span", "TrackedAgent_wrapper", "Manual_run", "TrackedAgent_wrapper_async",
            "TrackedAgent_wrapper_streaming", "SystemTextJson_source_generated", "Tcc_payload_writer",
            "LoggerMessage_cold", "TrackedAgent_cold", "TrackedAgent_after_unrelated_edit", "LoggerMessage_after_unrelated_edit",
            "AttributeOnly_after_unrelated_edit", "Compile_with_analyzers", "Runs_delivered_to_Kestrel", "Listener_check",
            "Plain_call_async", "Plain_streaming", "// Analyzer telemetry:", "// TrackedCallBenchmarks, Serialize=True:",
            "UseContextCompany", "UseOpenTelemetry", "// ChatClientBenchmarks, CaptureContent=True, run current=True:",
        })
        {
            Assert.Contains(benchmark, output);
        }

        Assert.DoesNotContain("// ERROR", output);
        Assert.DoesNotContain("Benchmarks with issues", output);
    }
}
