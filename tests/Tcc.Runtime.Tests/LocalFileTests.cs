using System.Text.Json;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>The embedded default with no API key: JSON lines in a local file, one summary line per run.</summary>
public sealed class LocalFileTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<string> _stderr = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Without_an_api_key_every_payload_is_one_json_line()
    {
        await using TccClient tcc = Client();
        AgentRun r = tcc.Run(sessionId: "s-1").Prompt("What is the weather in London?").Metadata("tcc.agent", "support-agent");
        r.Step().Prompt("p").Response("r").TimeToFirstToken(TimeSpan.FromMilliseconds(42)).End();
        r.ToolCall("get_weather").Args("{}").Result("{}").End();
        r.Response("15°C and cloudy.").End();
        Assert.True(await tcc.FlushAsync());

        string[] lines = await File.ReadAllLinesAsync(tcc.LocalFilePath!);
        Assert.Equal(new[] { "step", "tool_call", "run" }, lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()));
        Assert.Equal(42, JsonDocument.Parse(lines[0]).RootElement.GetProperty("ttft_ms").GetInt32());
        JsonElement run = JsonDocument.Parse(lines[2]).RootElement;
        Assert.Equal(r.RunId, run.GetProperty("run_id").GetString());
        Assert.Equal("support-agent", run.GetProperty("metadata").GetProperty("tcc.agent").GetString());
        Assert.Equal(3, tcc.Statistics.Sent);
    }

    [Fact]
    public async Task Default_path_is_dot_tcc_runs_jsonl_under_the_current_directory()
    {
        TccOptions options = TestClients.CleanOptions();
        await using TccClient tcc = new(options);
        Assert.Equal(Path.GetFullPath("./.tcc/runs.jsonl"), tcc.LocalFilePath);
    }

    [Fact]
    public async Task The_first_run_says_where_the_file_is_and_each_run_prints_a_summary()
    {
        await using TccClient tcc = Client(summaries: true);
        tcc.Run(runId: "0123456789abcdef").Prompt("What is the weather in London?").Response("15°C and cloudy.").End();
        tcc.Run(runId: "fedcba9876543210").Prompt("And Paris?").Status(0).Error("api_key=abc weather API down");
        tcc.Step("0123456789abcdef").Prompt("p").Response("r").End();
        Assert.True(await tcc.FlushAsync());

        string[] lines = StandardError();
        Assert.Equal(3, lines.Length);
        Assert.Equal($"[TCC] No TCC_API_KEY set: runs are written to {tcc.LocalFilePath}. Set TCC_API_KEY to send them to The Context Company.", lines[0]);
        Assert.Equal("[TCC] run 01234567 ok \"What is the weather in London?\" -> \"15°C and cloudy.\"", lines[1]);
        Assert.Equal("[TCC] run fedcba98 error \"And Paris?\" : api_key=[REDACTED] weather API down", lines[2]);
    }

    [Fact]
    public async Task Feedback_without_an_api_key_is_recorded_locally_and_reported_as_not_accepted()
    {
        await using TccClient tcc = Client();
        Assert.False(await tcc.SubmitFeedbackAsync("run-1", FeedbackScore.ThumbsUp, "Very helpful!"));

        string line = Assert.Single(await File.ReadAllLinesAsync(tcc.LocalFilePath!));
        Assert.Equal("""{"type":"feedback","runId":"run-1","score":"thumbs_up","text":"Very helpful!"}""", line);
    }

    [Fact]
    public async Task Two_clients_append_to_the_same_file_without_losing_lines()
    {
        await using TccClient first = Client();
        await using TccClient second = Client();
        for (int i = 0; i < 200; i++)
        {
            first.Run().Prompt("a").End();
            second.Run().Prompt("b").End();
        }

        Assert.True(await first.FlushAsync());
        Assert.True(await second.FlushAsync());
        await first.ShutdownAsync();
        await second.ShutdownAsync();
        string[] lines = await File.ReadAllLinesAsync(first.LocalFilePath!);
        Assert.Equal(400, lines.Length);
        Assert.All(lines, l => JsonDocument.Parse(l));
    }

    [Fact]
    public async Task An_unwritable_path_counts_failures_and_never_throws()
    {
        string blocker = Path.Combine(_folder.Path, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where a folder should be");
        TccOptions options = TestClients.CleanOptions();
        options.LocalPath = Path.Combine(blocker, "runs.jsonl");
        options.StandardError = Capture;
        await using TccClient tcc = new(options);

        tcc.Run().Prompt("p").End();
        tcc.Run().Prompt("p").End();

        Assert.True(await tcc.FlushAsync());
        Assert.Equal(2, tcc.Statistics.Failed);
        Assert.Single(StandardError(), l => l.StartsWith("[TCC] run delivery failed: cannot write", StringComparison.Ordinal));
    }

    private TccClient Client(bool summaries = false)
    {
        TccOptions options = TestClients.CleanOptions();
        options.LocalPath = Path.Combine(_folder.Path, ".tcc", "runs.jsonl");
        options.LocalRunSummaries = summaries;
        options.StandardError = Capture;
        return new TccClient(options);
    }

    private void Capture(string line)
    {
        lock (_stderr)
        {
            _stderr.Add(line);
        }
    }

    private string[] StandardError()
    {
        lock (_stderr)
        {
            return _stderr.ToArray();
        }
    }
}
