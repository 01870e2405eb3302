using System.Globalization;
using System.Text;
using System.Text.Json;
using ContextCompany.Tool.Runs;
using ContextCompany.Tool.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tool.Tests;

/// <summary>The commands on files the SDK itself wrote, and on a large one.</summary>
public sealed class RunFileTests
{
    [Fact]
    public async Task Runs_and_show_read_what_the_sdk_wrote()
    {
        using TempDirectory folder = new();
        string path = folder.File("runs.jsonl");
        string ok, failed;
        TccClient client = new(new TccOptions { ApiKey = null, LocalPath = path, LocalRunSummaries = false });
        try
        {
            AgentRun run = client.Run(sessionId: "chat-1").Prompt("What is the weather in Paris?", "Be brief.").Metadata(TccMetadataKeys.Agent, "weather").Metadata("plan", "pro");
            ok = run.RunId;
            run.Step().Prompt("[{\"role\":\"user\"}]").Response("call get_weather").Model("gpt-4o").Tokens(promptUncached: 120, completion: 8).Cost(0.0015).FinishReason("tool_calls").End();
            run.ToolCall("get_weather").Args("{\"city\":\"Paris\"}").Result("{\"temp\":21}").End();
            run.Step().Prompt("[{\"role\":\"tool\"}]").Response("21°C and sunny.").Model("gpt-4o").Tokens(promptUncached: 150, promptCached: 50, completion: 12).Cost(0.002).End();
            run.Response("21°C and sunny.").End();
            await run.FeedbackAsync(FeedbackScore.ThumbsUp, "thanks");

            AgentRun bad = client.Run(sessionId: "chat-2").Prompt("Book a table").Metadata(TccMetadataKeys.Agent, "booking");
            failed = bad.RunId;
            bad.ToolCall("reserve").Args("{}").Error("No tables left");
            bad.Error("Could not book");
        }
        finally
        {
            await client.ShutdownAsync(TimeSpan.FromSeconds(10));
        }

        ToolResult table = await ToolRunner.RunAsync(folder.Path, "runs", path);
        ToolResult json = await ToolRunner.RunAsync(folder.Path, "runs", path, "--json", "--agent", "weather");
        ToolResult tree = await ToolRunner.RunAsync(folder.Path, "show", ok[..8], "--file", path);
        ToolResult errorTree = await ToolRunner.RunAsync(folder.Path, "show", failed, "-f", path);

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Equal(string.Empty, table.Error);
        Assert.Equal([failed[..8], ok[..8]], TableText.RunColumn(table.Output));
        string[] okRow = TableText.Row(table.Output, ok[..8]);
        Assert.Equal(["weather", "ok"], okRow[2..4]);
        Assert.Equal(["What is the weather in Paris?", "2", "1", "340", "$0.0035"], okRow[5..]);
        Assert.Equal(["booking", "error"], TableText.Row(table.Output, failed[..8])[2..4]);

        using JsonDocument document = JsonDocument.Parse(json.Output);
        JsonElement only = Assert.Single(document.RootElement.EnumerateArray().ToArray());
        Assert.Equal(ok, only.GetProperty("run_id").GetString());
        Assert.Equal("chat-1", only.GetProperty("session_id").GetString());
        Assert.Equal("21°C and sunny.", only.GetProperty("response").GetString());
        Assert.Equal(1, only.GetProperty("feedback").GetInt32());

        Assert.True(tree.ExitCode == 0, tree.ToString());
        foreach (string expected in new[]
        {
            "Run " + ok, "Session: chat-1", "System: Be brief.", "plan: pro", "tcc.agent: weather", "finish tool_calls",
            "Args: {\"city\":\"Paris\"}", "Result: {\"temp\":21}", "tokens in 200 (50 cached) / out 12", "thumbs_up: thanks",
        })
        {
            Assert.Contains(expected, tree.Output, StringComparison.Ordinal);
        }

        Assert.True(tree.Output.IndexOf("Step 1", StringComparison.Ordinal) < tree.Output.IndexOf("Tool get_weather", StringComparison.Ordinal));
        Assert.True(tree.Output.IndexOf("Tool get_weather", StringComparison.Ordinal) < tree.Output.IndexOf("Step 2", StringComparison.Ordinal));

        Assert.Contains($"Run {failed}  error", errorTree.Output, StringComparison.Ordinal);
        Assert.Contains("Status message: Could not book", errorTree.Output, StringComparison.Ordinal);
        Assert.Contains("Status message: No tables left", errorTree.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_a_hundred_thousand_runs_is_listed_whole_and_summed_right()
    {
        const int Runs = 100_000;
        using TempDirectory folder = new();
        string path = folder.File("big.jsonl");
        long expectedTokens = 0;
        decimal expectedCost = 0;
        int expectedErrors = 0;
        using (StreamWriter writer = new(path, append: false, new UTF8Encoding(false), 1 << 16))
        {
            // Written by hand, not through JSON nodes: a few hundred milliseconds for the whole file.
            DateTime start = RunLines.T0;
            for (int i = 0; i < Runs; i++)
            {
                string id = "run-" + i.ToString("D6", CultureInfo.InvariantCulture);
                string begin = RunLines.Time(start.AddSeconds(i));
                string end = RunLines.Time(start.AddSeconds(i).AddMilliseconds(800));
                int status = i % 10 == 0 ? 2 : 0;
                expectedErrors += status == 2 ? 1 : 0;
                int tokensIn = i % 1000, tokensOut = i % 7;
                expectedTokens += tokensIn + tokensOut;
                decimal cost = (i % 100) / 10_000m;
                expectedCost += cost;
                writer.Write($"{{\"type\":\"step\",\"run_id\":\"{id}\",\"step_id\":\"s{i}\",\"start_time\":\"{begin}\",\"end_time\":\"{end}\",\"status_code\":0,\"prompt_uncached_tokens\":{tokensIn},\"completion_tokens\":{tokensOut},\"real_total_cost\":{cost.ToString(CultureInfo.InvariantCulture)}}}\n");
                writer.Write($"{{\"type\":\"run\",\"run_id\":\"{id}\",\"start_time\":\"{begin}\",\"end_time\":\"{end}\",\"status_code\":{status},\"prompt\":{{\"user_prompt\":\"question {i}\"}},\"metadata\":{{\"tcc.agent\":\"agent-{i % 4}\"}}}}\n");
            }
        }

        ToolResult json = await ToolRunner.RunAsync(folder.Path, "runs", path, "--json");
        ToolResult table = await ToolRunner.RunAsync(folder.Path, "runs", path, "--agent", "agent-1", "--status", "error");

        Assert.True(json.ExitCode == 0, json.Error);
        using JsonDocument document = JsonDocument.Parse(json.Output);
        JsonElement[] runs = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(Runs, runs.Length);
        Assert.Equal("run-099999", runs[0].GetProperty("run_id").GetString());
        Assert.Equal("run-000000", runs[^1].GetProperty("run_id").GetString());
        Assert.Equal(expectedTokens, runs.Sum(static run => run.GetProperty("total_tokens").GetInt64()));
        Assert.Equal((double)expectedCost, runs.Sum(static run => run.GetProperty("cost_usd").GetDouble()), 6);
        Assert.Equal(expectedErrors, runs.Count(static run => run.GetProperty("status").GetString() == "error"));
        Assert.All(runs, static run => Assert.Equal(1, run.GetProperty("steps").GetInt32()));
        Assert.Equal(800, runs[12_345].GetProperty("duration_ms").GetInt64());

        // Runs 10, 30, 50...: error (i % 10 == 0) and agent-1 never meet (i % 4 == 1 is odd); agent-2 would.
        Assert.Contains("No runs match the filters (100,000 runs in", table.Output, StringComparison.Ordinal);
        ToolResult errors = await ToolRunner.RunAsync(folder.Path, "runs", path, "--agent", "agent-2", "--status", "error", "--limit", "3");
        Assert.Equal(["run-0999", "run-0999", "run-0999"], TableText.RunColumn(errors.Output));
        Assert.Contains("showing 3 of 5,000 runs", errors.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listing_skips_the_texts_of_children_but_keeps_their_numbers()
    {
        byte[] line = Encoding.UTF8.GetBytes(RunLines.Step("r", "s", RunLines.T0, model: "m", tokensIn: 5, tokensOut: 6, cost: 0.5, prompt: "p", response: "x", finishReason: "stop"));
        List<RunFileRecord> summary = [];
        List<RunFileRecord> whole = [];

        Assert.Null(RecordParser.Parse(line, 1, summary, summaryOnly: true));
        Assert.Null(RecordParser.Parse(line, 1, whole));

        StepRecord skipped = Assert.IsType<StepRecord>(Assert.Single(summary));
        Assert.Equal((null, null, null, null), (skipped.Prompt, skipped.Response, skipped.Model, skipped.FinishReason));
        Assert.Equal((5, 6, 0.5, "s"), (skipped.PromptUncachedTokens, skipped.CompletionTokens, skipped.RealTotalCost, skipped.StepId));
        StepRecord read = Assert.IsType<StepRecord>(Assert.Single(whole));
        Assert.Equal(("p", "x", "m", "stop"), (read.Prompt, read.Response, read.Model, read.FinishReason));
    }
}
