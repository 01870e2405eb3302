using ContextCompany.Tool.Tests.Infrastructure;
using Xunit;
using static ContextCompany.Tool.Tests.Infrastructure.RunLines;

namespace ContextCompany.Tool.Tests;

public sealed class ShowCommandTests
{
    private const string Id = "3f2a9c1e-1111-4000-8000-000000000001";

    /// <summary>A run whose children are in the file in the order they ended, not the order they started; the run line last.</summary>
    private static string[] WeatherRun() =>
    [
        ToolCall(Id, "t1", "get_weather", T0.AddSeconds(0.6), seconds: 0.2, args: "{\"city\":\"London\"}", result: "{\"temp\":15}"),
        Step(Id, "s2", T0.AddSeconds(0.9), model: "gpt-4o-mini", tokensIn: 300, tokensOut: 40, cost: 0.0005, prompt: "second prompt", response: "It is 15°C and cloudy.", finishReason: "stop"),
        Step(Id, "s1", T0.AddSeconds(0.1), model: "gpt-4o", tokensIn: 1000, tokensOut: 20, cachedTokens: 200, cost: 0.01, prompt: "first prompt", response: "call get_weather", finishReason: "tool_calls", ttftMs: 120),
        ToolCall(Id, "t2", "send_mail", T0.AddMilliseconds(1200), status: 2, statusMessage: "SMTP refused"),
        Run(Id, T0, seconds: 1.5, agent: "weather", session: "session-7", prompt: "What is the weather in London?", systemPrompt: "You are terse.",
            response: "15°C, cloudy.", metadata: new Dictionary<string, string> { ["user"] = "u-42", ["plan [pro]"] = "gold" }),
        Feedback(Id, "thumbs_up", "spot on"),
        Run("ffffffff-0000-4000-8000-000000000009", T0.AddHours(1), prompt: "unrelated"),
    ];

    [Fact]
    public async Task The_tree_shows_the_run_its_children_in_time_order_and_its_feedback()
    {
        using TempDirectory folder = new();
        WriteDefault(folder, WeatherRun());

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "show", Id);

        Assert.True(result.ExitCode == 0, result.ToString());
        string tree = result.Output;
        foreach (string expected in new[]
        {
            "Run " + Id, "ok", "Agent: weather", "Session: session-7", "Started: 2026-03-01 12:00:00.000 UTC", "Duration: 1.5 s",
            "2 steps, 2 tool calls, 1,560 tokens (1,500 in, 60 out), $0.0105, 1 failed",
            "User: What is the weather in London?", "System: You are terse.", "Response: 15°C, cloudy.",
            "user: u-42", "plan [pro]: gold", "tcc.agent: weather",
            "gpt-4o, 500 ms, tokens in 1,200 (200 cached) / out 20, finish tool_calls, ttft 120 ms, $0.0100",
            "Prompt: first prompt", "Response: call get_weather",
            "Args: {\"city\":\"London\"}", "Result: {\"temp\":15}",
            "Status message: SMTP refused",
            "thumbs_up: spot on",
        })
        {
            Assert.Contains(expected, tree, StringComparison.Ordinal);
        }

        AssertInOrder(tree, "Step 1 +100 ms", "Tool get_weather +600 ms", "Step 2 +900 ms", "Tool send_mail +1.2 s", "Feedback");
        Assert.Contains("Tool send_mail +1.2 s  100 ms  error", tree, StringComparison.Ordinal);
        Assert.DoesNotContain("unrelated", tree, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_run_shows_its_status_and_message()
    {
        using TempDirectory folder = new();
        WriteDefault(folder, Run(Id, T0, status: 2, statusMessage: "Run timed out"));

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "show", Id);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Run {Id}  error", result.Output, StringComparison.Ordinal);
        Assert.Contains("Status message: Run timed out", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_with_children_but_no_run_line_is_open()
    {
        using TempDirectory folder = new();
        WriteDefault(folder, Step(Id, "s1", T0, seconds: 2, model: "gpt-4o"), ToolCall(Id, "t1", "search", T0.AddSeconds(3), seconds: 1));

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "show", "3f2a");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Run {Id}  open", result.Output, StringComparison.Ordinal);
        Assert.Contains("its run line is not", result.Output, StringComparison.Ordinal);
        Assert.Contains("Duration: 4.0 s", result.Output, StringComparison.Ordinal);
        AssertInOrder(result.Output, "Step 1 +0 ms", "Tool search +3.0 s");
    }

    [Fact]
    public async Task The_first_characters_of_an_id_are_enough_when_unique()
    {
        using TempDirectory folder = new();
        WriteDefault(folder, WeatherRun());

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "show", Id[..8]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Run " + Id, result.Output, StringComparison.Ordinal);
        Assert.Contains("Tool get_weather", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ambiguous_prefix_lists_the_candidates()
    {
        using TempDirectory folder = new();
        WriteDefault(folder,
            Run("abc11111-0000", T0, agent: "one"),
            Run("abc22222-0000", T0.AddMinutes(1), agent: "two"),
            Run("abd33333-0000", T0.AddMinutes(2)));

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "show", "abc");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'abc' is the start of 2 run ids", result.Error, StringComparison.Ordinal);
        Assert.Contains("abc22222-0000 (2026-03-01 12:01:00, two)", result.Error, StringComparison.Ordinal);
        Assert.Contains("abc11111-0000 (2026-03-01 12:00:00, one)", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("abd33333", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task A_whole_id_wins_over_the_longer_ids_it_starts()
    {
        using TempDirectory folder = new();
        WriteDefault(folder, Run("run-1", T0, agent: "short"), Run("run-12", T0, agent: "long"));

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "show", "run-1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Agent: short", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_id_is_a_clear_error()
    {
        using TempDirectory folder = new();
        string path = WriteDefault(folder, WeatherRun());

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "show", "0123456789");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"no run 0123456789 in {path}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_texts_are_cut_unless_full_is_given()
    {
        using TempDirectory folder = new();
        string prompt = "Tell me a story. " + string.Concat(Enumerable.Range(0, 100).Select(static i => $"word{i} "));
        string args = "{\"query\":\"" + new string('q', 500) + "\"}";
        WriteDefault(folder, Run(Id, T0, prompt: prompt), ToolCall(Id, "t1", "search", T0, args: args));

        ToolResult cut = await ToolRunner.RunAsync(folder.Path, "show", Id);
        ToolResult full = await ToolRunner.RunAsync(folder.Path, "show", Id, "--full", "--file", ".tcc/runs.jsonl");

        Assert.Contains("User: Tell me a story. word0 word1", cut.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("word99", cut.Output, StringComparison.Ordinal);
        Assert.Contains($"… ({prompt.Length:N0} chars; --full shows all)", cut.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('q', 300), cut.Output, StringComparison.Ordinal);

        string fullText = string.Concat(full.Output.Split('\n').Select(static line => line.Trim().TrimStart('│', ' ').TrimEnd()));
        Assert.Contains("word99", full.Output, StringComparison.Ordinal);
        Assert.Contains(new string('q', 150), full.Output, StringComparison.Ordinal); // wrapped at the width, all there
        Assert.Equal(501, fullText.Count(static c => c == 'q')); // "query" has one
        Assert.DoesNotContain("--full shows all", full.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_option_reads_another_file_and_a_missing_one_is_an_error()
    {
        using TempDirectory folder = new();
        Write(folder.File("other.jsonl"), Run(Id, T0, agent: "elsewhere"));

        ToolResult found = await ToolRunner.RunAsync(folder.Path, "show", Id[..6], "-f", "other.jsonl");
        ToolResult missing = await ToolRunner.RunAsync(folder.Path, "show", Id);

        Assert.Equal(0, found.ExitCode);
        Assert.Contains("Agent: elsewhere", found.Output, StringComparison.Ordinal);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no runs file at", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_lines_that_mention_the_run_are_parsed()
    {
        using TempDirectory folder = new();
        WriteDefault(folder, "garbage that never mentions it", Run(Id, T0), "{\"type\":\"run\",\"run_id\":\"" + Id + "\",broken");

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "show", Id);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("line 3:", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("line 1:", result.Error, StringComparison.Ordinal);
    }

    private static void AssertInOrder(string text, params string[] parts)
    {
        int at = 0;
        foreach (string part in parts)
        {
            int found = text.IndexOf(part, at, StringComparison.Ordinal);
            Assert.True(found >= 0, $"'{part}' not found after position {at} in:\n{text}");
            at = found + part.Length;
        }
    }
}
