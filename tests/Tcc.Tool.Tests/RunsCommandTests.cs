using System.Text.Json;
using ContextCompany.Tool.Tests.Infrastructure;
using Xunit;
using static ContextCompany.Tool.Tests.Infrastructure.RunLines;

namespace ContextCompany.Tool.Tests;

public sealed class RunsCommandTests
{
    private const string A = "aaaaaaaa-1111-4000-8000-000000000001";
    private const string B = "bbbbbbbb-2222-4000-8000-000000000002";
    private const string C = "cccccccc-3333-4000-8000-000000000003";

    /// <summary>Three runs: A (oldest, ok, two steps, a tool call), B (error), C (newest, open: only a step). Children are out of order.</summary>
    private static string[] ThreeRuns() =>
    [
        Step(A, "s1", T0.AddSeconds(0.1), model: "gpt-4o", tokensIn: 1000, tokensOut: 200, cost: 0.01),
        ToolCall(A, "t1", "get_weather", T0.AddSeconds(0.7), args: "{\"city\":\"London\"}", result: "{\"temp\":15}"),
        Run(A, T0, seconds: 1.5, agent: "weather", session: "s-1", prompt: "What is the weather\nin London? [bold]now[/]", response: "Cloudy"),
        Step(A, "s2", T0.AddSeconds(0.9), model: "gpt-4o", tokensIn: 30, tokensOut: 4, cost: 0.0023),
        Run(B, T0.AddMinutes(5), seconds: 2, status: 2, agent: "travel", session: "s-2", prompt: "Book a flight", statusMessage: "Timeout calling the airline"),
        Step(C, "s3", T0.AddMinutes(10), seconds: 3, tokensIn: 5, tokensOut: 5),
    ];

    [Fact]
    public async Task The_table_lists_runs_newest_first_with_their_totals()
    {
        using TempDirectory folder = new();
        WriteDefault(folder, ThreeRuns());

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "runs");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["cccccccc", "bbbbbbbb", "aaaaaaaa"], TableText.RunColumn(result.Output));
        string[] a = TableText.Row(result.Output, "aaaaaaaa");
        Assert.Equal(["2026-03-01 12:00:00", "aaaaaaaa", "weather", "ok", "1.5 s", "What is the weather in London? [bold]now[/]", "2", "1", "1,234", "$0.0123"], a);
        string[] b = TableText.Row(result.Output, "bbbbbbbb");
        Assert.Equal(["2026-03-01 12:05:00", "bbbbbbbb", "travel", "error", "2.0 s", "Book a flight", "0", "0", "-", "-"], b);
        string[] c = TableText.Row(result.Output, "cccccccc");
        Assert.Equal(["2026-03-01 12:10:00", "cccccccc", "-", "open", "3.0 s", "", "1", "0", "10", "-"], c);
        Assert.Contains("3 runs", result.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task A_long_prompt_is_cut_on_one_line()
    {
        using TempDirectory folder = new();
        WriteDefault(folder, Run(A, T0, prompt: new string('x', 300)));

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "runs");

        string prompt = TableText.Row(result.Output, "aaaaaaaa")[5];
        Assert.EndsWith("…", prompt, StringComparison.Ordinal);
        Assert.InRange(prompt.Length, 10, 60);
    }

    [Theory]
    [InlineData("--agent", "weather", "aaaaaaaa")]
    [InlineData("--agent", "travel", "bbbbbbbb")]
    [InlineData("--session", "s-2", "bbbbbbbb")]
    [InlineData("--status", "ok", "aaaaaaaa")]
    [InlineData("--status", "ERROR", "bbbbbbbb")]
    [InlineData("--status", "open", "cccccccc")]
    [InlineData("--since", "2026-03-01T12:04:00Z", "cccccccc,bbbbbbbb")]
    [InlineData("--since", "2026-03-01 12:09", "cccccccc")]
    [InlineData("--since", "2026-03-01T13:04:00+01:00", "cccccccc,bbbbbbbb")]
    [InlineData("--since", "2026-03-01", "cccccccc,bbbbbbbb,aaaaaaaa")]
    public async Task Each_filter_keeps_the_matching_runs(string option, string value, string expected)
    {
        using TempDirectory folder = new();
        WriteDefault(folder, ThreeRuns());

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "runs", option, value);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected.Split(','), TableText.RunColumn(result.Output));
    }

    [Fact]
    public async Task Filters_combine_and_a_filter_that_matches_nothing_says_so()
    {
        using TempDirectory folder = new();
        WriteDefault(folder, ThreeRuns());

        ToolResult both = await ToolRunner.RunAsync(folder.Path, "runs", "--agent", "weather", "--status", "error");

        Assert.Equal(0, both.ExitCode);
        Assert.Empty(TableText.Rows(both.Output));
        Assert.Contains("No runs match the filters (3 runs in", both.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Since_accepts_a_duration_back_from_now()
    {
        using TempDirectory folder = new();
        DateTime now = DateTime.UtcNow;
        WriteDefault(folder,
            Run(A, now.AddDays(-3)),
            Run(B, now.AddHours(-3)),
            Run(C, now.AddMinutes(-10)));

        Assert.Equal(["cccccccc"], TableText.RunColumn((await ToolRunner.RunAsync(folder.Path, "runs", "--since", "30m")).Output));
        Assert.Equal(["cccccccc", "bbbbbbbb"], TableText.RunColumn((await ToolRunner.RunAsync(folder.Path, "runs", "--since", "4h")).Output));
        Assert.Equal(["cccccccc", "bbbbbbbb"], TableText.RunColumn((await ToolRunner.RunAsync(folder.Path, "runs", "--since", "2d")).Output));
        Assert.Equal(["cccccccc", "bbbbbbbb", "aaaaaaaa"], TableText.RunColumn((await ToolRunner.RunAsync(folder.Path, "runs", "--since", "1w")).Output));
        Assert.Equal(["cccccccc"], TableText.RunColumn((await ToolRunner.RunAsync(folder.Path, "runs", "--since", "900s")).Output));
    }

    [Theory]
    [InlineData("--since", "yesterday", "invalid --since 'yesterday'")]
    [InlineData("--since", "5y", "invalid --since '5y'")]
    [InlineData("--since", "2026-13-45", "invalid --since '2026-13-45'")]
    [InlineData("--status", "failed", "invalid --status 'failed': expected ok, error or open")]
    [InlineData("--limit", "-1", "invalid --limit -1")]
    public async Task An_invalid_option_value_is_one_clear_error(string option, string value, string message)
    {
        using TempDirectory folder = new();
        WriteDefault(folder, ThreeRuns());

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "runs", option, value);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("tcc: " + message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task The_table_shows_fifty_runs_unless_told_and_says_how_many_there_are()
    {
        using TempDirectory folder = new();
        WriteDefault(folder, Enumerable.Range(0, 60).Select(static i => Run($"run-{i:D4}-x", T0.AddMinutes(i))).ToArray());

        ToolResult table = await ToolRunner.RunAsync(folder.Path, "runs");
        Assert.Equal(50, TableText.Rows(table.Output).Count);
        Assert.Equal("run-0059", TableText.RunColumn(table.Output)[0]);
        Assert.Contains("showing 50 of 60 runs", table.Output, StringComparison.Ordinal);

        ToolResult all = await ToolRunner.RunAsync(folder.Path, "runs", "--limit", "0");
        Assert.Equal(60, TableText.Rows(all.Output).Count);
        Assert.DoesNotContain("showing", all.Output, StringComparison.Ordinal);
        Assert.Contains("60 runs", all.Output, StringComparison.Ordinal);

        ToolResult five = await ToolRunner.RunAsync(folder.Path, "runs", "-n", "5");
        Assert.Equal(["run-0059", "run-0058", "run-0057", "run-0056", "run-0055"], TableText.RunColumn(five.Output));
        Assert.Contains("showing 5 of 60 runs", five.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_lists_every_matching_run_with_its_details()
    {
        using TempDirectory folder = new();
        WriteDefault(folder, [.. ThreeRuns(), .. Enumerable.Range(0, 60).Select(static i => Run($"old-{i}", T0.AddDays(-1)))]);

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "runs", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement[] runs = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(63, runs.Length); // no table limit
        Assert.Equal([C, B, A], runs.Take(3).Select(static run => run.GetProperty("run_id").GetString()));

        JsonElement a = runs[2];
        Assert.Equal("2026-03-01T12:00:00.000Z", a.GetProperty("start_time").GetString());
        Assert.Equal("2026-03-01T12:00:01.500Z", a.GetProperty("end_time").GetString());
        Assert.Equal("weather", a.GetProperty("agent").GetString());
        Assert.Equal("s-1", a.GetProperty("session_id").GetString());
        Assert.Equal("ok", a.GetProperty("status").GetString());
        Assert.Equal(1500, a.GetProperty("duration_ms").GetInt64());
        Assert.Equal("What is the weather\nin London? [bold]now[/]", a.GetProperty("prompt").GetString());
        Assert.Equal("Cloudy", a.GetProperty("response").GetString());
        Assert.Equal(2, a.GetProperty("steps").GetInt32());
        Assert.Equal(1, a.GetProperty("tool_calls").GetInt32());
        Assert.Equal(1030, a.GetProperty("prompt_tokens").GetInt64());
        Assert.Equal(204, a.GetProperty("completion_tokens").GetInt64());
        Assert.Equal(1234, a.GetProperty("total_tokens").GetInt64());
        Assert.Equal(0.0123, a.GetProperty("cost_usd").GetDouble(), 6);

        JsonElement b = runs[1];
        Assert.Equal("error", b.GetProperty("status").GetString());
        Assert.Equal("Timeout calling the airline", b.GetProperty("status_message").GetString());
        Assert.Equal(JsonValueKind.Null, b.GetProperty("cost_usd").ValueKind);

        JsonElement c = runs[0];
        Assert.Equal("open", c.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, c.GetProperty("agent").ValueKind);
        Assert.Equal(3000, c.GetProperty("duration_ms").GetInt64());
    }

    [Fact]
    public async Task Json_takes_the_filters_and_a_limit()
    {
        using TempDirectory folder = new();
        WriteDefault(folder, ThreeRuns());

        ToolResult limited = await ToolRunner.RunAsync(folder.Path, "runs", "--json", "--limit", "2");
        ToolResult filtered = await ToolRunner.RunAsync(folder.Path, "runs", "--json", "--status", "error");

        using JsonDocument two = JsonDocument.Parse(limited.Output);
        Assert.Equal([C, B], two.RootElement.EnumerateArray().Select(static run => run.GetProperty("run_id").GetString()));
        using JsonDocument errors = JsonDocument.Parse(filtered.Output);
        Assert.Equal([B], errors.RootElement.EnumerateArray().Select(static run => run.GetProperty("run_id").GetString()));
    }

    [Fact]
    public async Task Malformed_lines_are_reported_with_their_numbers_and_the_rest_is_shown()
    {
        using TempDirectory folder = new();
        WriteDefault(folder,
            Run(A, T0),
            "{not json",
            Run(B, T0.AddMinutes(1)),
            "{\"type\":\"span\",\"run_id\":\"x\"}",
            "[1,2]",
            Step(A, "s1", T0, tokensIn: 7));

        ToolResult table = await ToolRunner.RunAsync(folder.Path, "runs");
        ToolResult json = await ToolRunner.RunAsync(folder.Path, "runs", "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Equal(["bbbbbbbb", "aaaaaaaa"], TableText.RunColumn(table.Output));
        Assert.Contains("3 lines of ", table.Error, StringComparison.Ordinal);
        Assert.Contains("line 2: not valid JSON", table.Error, StringComparison.Ordinal);
        Assert.Contains("line 4: unknown type \"span\"", table.Error, StringComparison.Ordinal);
        Assert.Contains("line 5: not a JSON object", table.Error, StringComparison.Ordinal);
        Assert.Equal("7", TableText.Row(table.Output, "aaaaaaaa")[8]);

        Assert.Equal(0, json.ExitCode);
        using JsonDocument document = JsonDocument.Parse(json.Output); // the reports stay out of the JSON
        Assert.Equal(2, document.RootElement.GetArrayLength());
        Assert.Contains("line 2:", json.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_malformed_lines_list_the_first_ten_then_a_count()
    {
        using TempDirectory folder = new();
        WriteDefault(folder, [Run(A, T0), .. Enumerable.Repeat("garbage", 25)]);

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "runs");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("line 11:", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("line 12:", result.Error, StringComparison.Ordinal);
        Assert.Contains("and 15 more", result.Error, StringComparison.Ordinal);
        Assert.Equal(["aaaaaaaa"], TableText.RunColumn(result.Output));
    }

    [Fact]
    public async Task A_file_of_nothing_but_malformed_lines_fails()
    {
        using TempDirectory folder = new();
        string path = Write(folder.File("notes.txt"), "hello", "world");

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "runs", path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("line 1:", result.Error, StringComparison.Ordinal);
        Assert.Contains("line 2:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_file_is_a_friendly_line_and_success()
    {
        using TempDirectory folder = new();
        string path = WriteDefault(folder);

        ToolResult table = await ToolRunner.RunAsync(folder.Path, "runs");
        ToolResult json = await ToolRunner.RunAsync(folder.Path, "runs", "--json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("No runs in " + path, table.Output, StringComparison.Ordinal);
        Assert.Equal(0, json.ExitCode);
        using JsonDocument document = JsonDocument.Parse(json.Output);
        Assert.Equal(0, document.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_missing_file_is_an_error_that_says_where_it_looked()
    {
        using TempDirectory folder = new();

        ToolResult byDefault = await ToolRunner.RunAsync(folder.Path, "runs");
        ToolResult named = await ToolRunner.RunAsync(folder.Path, "runs", "elsewhere.jsonl");

        Assert.Equal(1, byDefault.ExitCode);
        Assert.Contains("no runs file at " + Path.Combine(folder.Path, ".tcc", "runs.jsonl"), byDefault.Error, StringComparison.Ordinal);
        Assert.Equal(1, named.ExitCode);
        Assert.Contains("no such file: " + folder.File("elsewhere.jsonl"), named.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", byDefault.Error + named.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_given_by_path_is_read_relative_to_the_working_folder()
    {
        using TempDirectory folder = new();
        Write(folder.File("other.jsonl"), Run(B, T0));

        ToolResult result = await ToolRunner.RunAsync(folder.Path, "runs", "other.jsonl");

        Assert.Equal(["bbbbbbbb"], TableText.RunColumn(result.Output));
    }
}
