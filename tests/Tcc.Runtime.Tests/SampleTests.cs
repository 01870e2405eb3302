using System.Text.Json;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>The sample, run as a user runs it: with no account (local file), and against a service.</summary>
public sealed class SampleTests
{
    [Fact]
    public async Task Sample_without_an_api_key_writes_its_runs_to_the_local_file()
    {
        using TempFolder folder = new();
        (int exitCode, string output) = await ChildProcess.RunAsync("SupportAgent.dll", folder.Path, new());

        Assert.True(exitCode == 0, output);
        Assert.Contains("Runs written to", output);
        JsonElement[] lines = (await File.ReadAllLinesAsync(Path.Combine(folder.Path, ".tcc", "runs.jsonl")))
            .Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        JsonElement[] runs = lines.Where(l => l.GetProperty("type").GetString() == "run").ToArray();
        // Three runs recorded with the manual API, three by the [TrackedAgent] wrappers (sync, async, streaming).
        Assert.Equal(6, runs.Length);
        Assert.Single(runs.Where(r => r.TryGetProperty("session_id", out _)).Select(r => r.GetProperty("session_id").GetString()).Distinct());
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 2 }, runs.Select(r => r.GetProperty("status_code").GetInt32()).Order());
        JsonElement streamed = runs.Single(r => r.GetProperty("prompt").GetProperty("user_prompt").GetString() == "What about Paris?" && !r.TryGetProperty("session_id", out _));
        Assert.Equal("The weather in Paris is 18°C and sunny.", streamed.GetProperty("response").GetString());
        JsonElement tracked = runs.Single(r => r.GetProperty("prompt").GetProperty("user_prompt").GetString() == "What is the weather in Tokyo?");
        Assert.Equal("Jane Doe", tracked.GetProperty("metadata").GetProperty("tcc.userName").GetString());
        Assert.Equal("You are a helpful weather agent.", tracked.GetProperty("prompt").GetProperty("system_prompt").GetString());
        Assert.Contains(lines, l => l.GetProperty("type").GetString() == "tool_call" && l.GetProperty("run_id").GetString() == tracked.GetProperty("run_id").GetString());
        Assert.All(runs, r => Assert.Equal("support-agent", r.GetProperty("metadata").GetProperty("tcc.agent").GetString()));
        Assert.Contains(lines, l => l.GetProperty("type").GetString() == "step");
        Assert.Contains(lines, l => l.GetProperty("type").GetString() == "tool_call");
        Assert.Equal(2, lines.Count(l => l.GetProperty("type").GetString() == "feedback"));
        string failure = runs.Single(r => r.GetProperty("status_code").GetInt32() == 2).GetProperty("status_message").GetString()!;
        Assert.Contains("api_key=[REDACTED]", failure);
    }

    [Fact]
    public async Task Sample_with_an_api_key_delivers_its_runs_and_feedback_to_the_service()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        using TempFolder folder = new();
        (int exitCode, string output) = await ChildProcess.RunAsync("SupportAgent.dll", folder.Path, new()
        {
            ["TCC_API_KEY"] = TestClients.ApiKey,
            ["TCC_BASE_URL"] = server.BaseUrl.ToString(),
        });

        Assert.True(exitCode == 0, output);
        Assert.Contains("Runs delivered to The Context Company.", output);
        Assert.Contains("feedback: 2 submissions accepted by the service", output);
        IReadOnlyList<RecordedRequest> ingested = server.RequestsTo("/v1/custom");
        Assert.Equal(6, ingested.SelectMany(r => r.Items).Count(item => item.GetProperty("type").GetString() == "run"));
        Assert.Equal(2, server.RequestsTo("/v1/feedback").Count);
        Assert.All(ingested, r => Assert.Equal("Bearer " + TestClients.ApiKey, r.Header("Authorization")));
        Assert.False(Directory.Exists(Path.Combine(folder.Path, ".tcc")));
    }
}
