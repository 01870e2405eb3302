using System.Collections.Concurrent;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>
/// A console program that ends runs and returns from <c>Main</c> without flushing still delivers them:
/// the default client flushes at process exit. Runs the probe program as a real child process.
/// </summary>
public sealed class ProcessExitTests
{
    private const int Runs = 1000;

    [Fact]
    public async Task Child_process_that_returns_from_main_without_flushing_delivers_all_1000_runs()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        ConcurrentDictionary<string, int> arrivals = server.CountRunIds();

        using TempFolder folder = new();
        (int exitCode, string output) = await RunProbeAsync(folder.Path, new()
        {
            ["TCC_API_KEY"] = TestClients.ApiKey,
            ["TCC_BASE_URL"] = server.BaseUrl.ToString(),
        });

        Assert.Equal(0, exitCode);
        Assert.Contains($"ended {Runs} runs", output);
        Assert.Equal(Runs, arrivals.Count);
        Assert.All(arrivals.Values, n => Assert.Equal(1, n));
        Assert.False(File.Exists(Path.Combine(folder.Path, ".tcc", "runs.jsonl")));
    }

    [Fact]
    public async Task Child_process_without_an_api_key_writes_all_1000_runs_to_the_local_file()
    {
        using TempFolder folder = new();
        (int exitCode, string output) = await RunProbeAsync(folder.Path, new());

        Assert.Equal(0, exitCode);
        string[] lines = await File.ReadAllLinesAsync(Path.Combine(folder.Path, ".tcc", "runs.jsonl"));
        Assert.Equal(Runs, lines.Length);
        Assert.Equal(Runs, lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("run_id").GetString()).Distinct().Count());
        Assert.Contains("No TCC_API_KEY set: runs are written to", output);
    }

    [Fact]
    public async Task Child_process_with_an_unsafe_base_url_reports_once_and_exits_normally()
    {
        using TempFolder folder = new();
        (int exitCode, string output) = await RunProbeAsync(folder.Path, new()
        {
            ["TCC_API_KEY"] = TestClients.ApiKey,
            ["TCC_BASE_URL"] = "https://collector.example.com",
        });

        Assert.Equal(0, exitCode);
        Assert.Single(output.Split('\n'), line => line.StartsWith("[TCC] Refusing unsafe TCC base URL", StringComparison.Ordinal));
        Assert.DoesNotContain(TestClients.ApiKey, output);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, ".tcc")));
    }

    private static Task<(int ExitCode, string Output)> RunProbeAsync(string workingDirectory, Dictionary<string, string> environment) =>
        ChildProcess.RunAsync("Tcc.Runtime.ExitProbe.dll", workingDirectory, environment, Runs.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
