using ContextCompany.Tests.Infrastructure;
using ContextCompany.Tool.Tests.Infrastructure;
using Xunit;
using static ContextCompany.Tool.Tests.Infrastructure.SendFixtures;

namespace ContextCompany.Tool.Tests;

/// <summary><c>tcc send FILE</c> against a real HTTP server on 127.0.0.1.</summary>
public sealed class SendCommandTests
{
    [Fact]
    public async Task Every_item_of_a_file_the_SDK_wrote_arrives_once_at_its_path_with_the_key_and_the_user_agent()
    {
        using TempDirectory folder = new();
        string path = folder.File("runs.jsonl");
        List<string> expected = [];
        await using (TccClient local = new(new TccOptions { ApiKey = null, LocalPath = path, LocalRunSummaries = false, StorageDirectory = null }))
        {
            AgentRun run = local.Run(runId: "run-weather").Prompt("What is the weather?");
            AgentStep step = run.Step(stepId: "step-1").Prompt("[]").Response("calling weather");
            step.End();
            run.ToolCall("weather", toolCallId: "call-1").Args("{\"city\":\"Paris\"}").Result("{\"c\":15}").End();
            run.Response("15°C").End();
            local.Run(runId: "run-hello").Prompt("Hello").Response("Hi").End();
            await local.SubmitFeedbackAsync("run-weather", FeedbackScore.ThumbsUp, "useful");
            expected.AddRange(["run run-weather", "step step-1", "tool_call call-1", "run run-hello"]);
        }

        await using IngestServer server = await IngestServer.StartAsync();
        ToolResult result = await ToolRunner.RunAsync(folder.Path, Environment(server), "send", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected.Order(StringComparer.Ordinal), IngestedItems(server).Order(StringComparer.Ordinal));
        RecordedRequest feedback = Assert.Single(server.RequestsTo("/v1/feedback"));
        Assert.Equal("run-weather", feedback.Json.GetProperty("runId").GetString());
        Assert.Equal("thumbs_up", feedback.Json.GetProperty("score").GetString());
        Assert.Equal("useful", feedback.Json.GetProperty("text").GetString());
        Assert.False(feedback.Json.TryGetProperty("type", out _), "the local file's type tag is not sent");
        Assert.Equal(5, server.RequestCount);
        Assert.All(server.Requests, request =>
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal("Bearer " + ApiKey, request.Header("Authorization"));
            Assert.StartsWith("contextcompany-dotnet/", request.Header("User-Agent"), StringComparison.Ordinal);
            Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        });
        Assert.Contains("Sent", result.Output, StringComparison.Ordinal);
        AssertKeyNotLeaked(result, folder.Path);
    }

    [Fact]
    public async Task A_second_send_sends_nothing_and_says_so()
    {
        using TempDirectory folder = new();
        string path = WriteFile(folder, Run("run-1"), Step("run-1", "step-1"), ToolCall("run-1", "call-1"), Feedback("run-1", "thumbs_down"));
        await using IngestServer server = await IngestServer.StartAsync();

        ToolResult first = await ToolRunner.RunAsync(folder.Path, Environment(server), "send");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(4, server.RequestCount);

        ToolResult second = await ToolRunner.RunAsync(folder.Path, Environment(server), "send", ".tcc/runs.jsonl");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(4, server.RequestCount);
        Assert.Contains("Nothing new to send", second.Output, StringComparison.Ordinal);
        Assert.Contains("4 item(s)", second.Output, StringComparison.Ordinal);

        string[] record = File.ReadAllLines(path + ".sent").Where(static line => !line.StartsWith('#')).ToArray();
        Assert.Equal(4, record.Length);
        Assert.Contains(record, static line => line.StartsWith("run run-1 ", StringComparison.Ordinal));
        Assert.Contains(record, static line => line.StartsWith("step step-1 ", StringComparison.Ordinal));
        Assert.Contains(record, static line => line.StartsWith("tool_call call-1 ", StringComparison.Ordinal));
        Assert.Contains(record, static line => line.StartsWith("feedback run-1 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lines_appended_after_a_send_are_sent_by_the_next_one_alone()
    {
        using TempDirectory folder = new();
        string path = WriteFile(folder, Run("run-1"));
        await using IngestServer server = await IngestServer.StartAsync();
        Assert.Equal(0, (await ToolRunner.RunAsync(folder.Path, Environment(server), "send")).ExitCode);

        File.AppendAllText(path, Run("run-2") + "\n");
        ToolResult second = await ToolRunner.RunAsync(folder.Path, Environment(server), "send");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(["run run-1", "run run-2"], IngestedItems(server));
    }

    [Fact]
    public async Task A_record_line_cut_short_by_an_interrupted_send_does_not_spoil_the_next_key()
    {
        using TempDirectory folder = new();
        string path = WriteFile(folder, Run("run-1"), Run("run-2"));
        File.WriteAllText(path + ".sent", "run run-1 9ac7"); // a write cut short: no line break, half a hash
        await using IngestServer server = await IngestServer.StartAsync();

        ToolResult first = await ToolRunner.RunAsync(folder.Path, Environment(server), "send");
        ToolResult second = await ToolRunner.RunAsync(folder.Path, Environment(server), "send");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(["run run-1", "run run-2"], IngestedItems(server).Order(StringComparer.Ordinal));
        Assert.Contains("Nothing new to send", second.Output, StringComparison.Ordinal);
        Assert.Equal("run run-1 9ac7", File.ReadLines(path + ".sent").First());
    }

    [Fact]
    public async Task A_refused_item_is_reported_and_sent_again_by_the_next_send_while_the_delivered_ones_are_not()
    {
        using TempDirectory folder = new();
        WriteFile(folder, Run("run-ok"), Run("run-bad"), Step("run-ok", "step-1"));
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = static (request, _) => request.Body.Contains("\"run-bad\"", StringComparison.Ordinal) ? new Reply(400) : Reply.Ok;

        ToolResult first = await ToolRunner.RunAsync(folder.Path, Environment(server), "send");

        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.Contains("refused: run run-bad (line 2): HTTP 400", first.Error, StringComparison.Ordinal);
        Assert.Contains("1 item(s) not sent (1 refused, 0 failed)", first.Error, StringComparison.Ordinal);
        Assert.Contains("the next tcc send sends them again", first.Error, StringComparison.Ordinal);
        Assert.Equal(1, Arrivals(server, "run-bad")); // a 400 is final: not retried

        server.Respond = static (_, _) => Reply.Ok;
        ToolResult second = await ToolRunner.RunAsync(folder.Path, Environment(server), "send");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(2, Arrivals(server, "run-bad"));
        Assert.Equal(1, Arrivals(server, "run-ok"));
        Assert.Equal(1, Arrivals(server, "step-1"));
        AssertKeyNotLeaked(second, folder.Path);
    }

    [Fact]
    public async Task A_server_error_that_recovers_on_a_retry_still_delivers()
    {
        using TempDirectory folder = new();
        WriteFile(folder, Run("run-flaky"), Run("run-steady"));
        await using IngestServer server = await IngestServer.StartAsync();
        int flakyAttempts = 0;

        // Retry-After: 0 keeps the SDK's retry immediate (it honours the service's wait over its own backoff).
        server.Respond = (request, _) => request.Body.Contains("run-flaky", StringComparison.Ordinal) && Interlocked.Increment(ref flakyAttempts) == 1
            ? new Reply(503, RetryAfter: "0")
            : Reply.Ok;

        ToolResult result = await ToolRunner.RunAsync(folder.Path, Environment(server), "send");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, Arrivals(server, "run-flaky"));
        Assert.Equal(1, Arrivals(server, "run-steady"));
        Assert.Equal(0, (await ToolRunner.RunAsync(folder.Path, Environment(server), "send")).ExitCode);
        Assert.Equal(3, server.RequestCount); // both recorded as sent
    }

    [Fact]
    public async Task Retries_that_run_out_are_reported_as_failed_and_not_recorded()
    {
        using TempDirectory folder = new();
        string path = WriteFile(folder, Run("run-down"), Run("run-up"));
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = static (request, _) => request.Body.Contains("run-down", StringComparison.Ordinal) ? new Reply(503, RetryAfter: "0") : Reply.Ok;

        ToolResult result = await ToolRunner.RunAsync(folder.Path, Environment(server, (TccOptions.DebugVariable, "1")), "send");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("failed: run run-down (line 1): HTTP 503", result.Error, StringComparison.Ordinal);
        Assert.Contains("gave up after 6 attempts", result.Error, StringComparison.Ordinal); // the SDK's attempt budget
        Assert.Equal(6, Arrivals(server, "run-down"));
        Assert.DoesNotContain(File.ReadAllLines(path + ".sent"), static line => line.Contains("run-down", StringComparison.Ordinal));
        Assert.Contains(File.ReadAllLines(path + ".sent"), static line => line.StartsWith("run run-up ", StringComparison.Ordinal));
        AssertKeyNotLeaked(result, folder.Path); // with the SDK's own diagnostics shown (TCC_DEBUG)
    }

    [Fact]
    public async Task The_key_from_the_option_is_used_and_never_shown()
    {
        using TempDirectory folder = new();
        WriteFile(folder, Run("run-1"), "{not json", Run("run-2"));
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = static (request, _) => request.Body.Contains("run-2", StringComparison.Ordinal) ? new Reply(401) : Reply.Ok;
        Dictionary<string, string> environment = new() { [TccOptions.BaseUrlVariable] = server.BaseUrl.ToString(), [TccOptions.DebugVariable] = "1" };

        ToolResult result = await ToolRunner.RunAsync(folder.Path, environment, "send", "--api-key", ApiKey);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.All(server.Requests, static request => Assert.Equal("Bearer " + ApiKey, request.Header("Authorization")));
        Assert.Contains("HTTP 401", result.Error, StringComparison.Ordinal);
        AssertKeyNotLeaked(result, folder.Path);
    }

    [Fact]
    public async Task Malformed_lines_are_reported_with_their_numbers_and_the_rest_is_sent()
    {
        using TempDirectory folder = new();
        WriteFile(folder, Run("run-1"), "{\"type\":\"run\",", "{\"type\":\"run\"}", Step("run-1", "step-1"));
        await using IngestServer server = await IngestServer.StartAsync();

        ToolResult result = await ToolRunner.RunAsync(folder.Path, Environment(server), "send");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("line 2: not valid JSON (", result.Error, StringComparison.Ordinal);
        Assert.Contains("line 3: no \"run_id\" member", result.Error, StringComparison.Ordinal);
        Assert.Contains("Malformed lines: 2 (not sent: line 2, line 3)", result.Output, StringComparison.Ordinal);
        Assert.Equal(["run run-1", "step step-1"], IngestedItems(server).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Each_item_of_a_batch_line_is_sent_and_recorded_once()
    {
        using TempDirectory folder = new();
        string batch = $$"""{"type":"batch","items":[{{Run("run-b")}},{{Step("run-b", "step-b")}},{{ToolCall("run-b", "call-b")}}]}""";
        WriteFile(folder, batch);
        await using IngestServer server = await IngestServer.StartAsync();

        ToolResult result = await ToolRunner.RunAsync(folder.Path, Environment(server), "send");
        ToolResult again = await ToolRunner.RunAsync(folder.Path, Environment(server), "send");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["run run-b", "step step-b", "tool_call call-b"], IngestedItems(server).Order(StringComparer.Ordinal));
        Assert.Contains("Nothing new to send", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_id_written_twice_with_different_content_is_sent_twice_and_the_same_content_once()
    {
        using TempDirectory folder = new();
        WriteFile(folder, Run("run-x", "first"), Run("run-x", "second"), Run("run-x", "first"));
        await using IngestServer server = await IngestServer.StartAsync();

        ToolResult result = await ToolRunner.RunAsync(folder.Path, Environment(server), "send");

        Assert.True(result.ExitCode == 0, result.ToString());
        string[] prompts = server.Requests.Select(static r => r.Json.GetProperty("prompt").GetProperty("user_prompt").GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["first", "second"], prompts);
        Assert.Contains("1 item(s) were written more than once with the same content: sent once.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_it_says_how_to_set_one()
    {
        using TempDirectory folder = new();
        WriteFile(folder, Run("run-1"));
        await using IngestServer server = await IngestServer.StartAsync();
        Dictionary<string, string> environment = new() { [TccOptions.BaseUrlVariable] = server.BaseUrl.ToString() };

        ToolResult result = await ToolRunner.RunAsync(folder.Path, environment, "send");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("tcc: no API key: pass --api-key KEY, or set TCC_API_KEY", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, server.RequestCount);
        Assert.False(File.Exists(folder.File(".tcc/runs.jsonl.sent")));
    }

    [Theory]
    [InlineData("https://collector.example.com", "Refusing unsafe TCC base URL (https://collector.example.com)")]
    [InlineData("ftp://127.0.0.1", "Invalid TCC base URL 'ftp://127.0.0.1'")]
    public async Task A_base_url_the_SDK_refuses_is_refused_with_its_message(string baseUrl, string message)
    {
        using TempDirectory folder = new();
        WriteFile(folder, Run("run-1"));
        Dictionary<string, string> environment = new() { [TccOptions.ApiKeyVariable] = ApiKey, [TccOptions.BaseUrlVariable] = baseUrl };

        ToolResult result = await ToolRunner.RunAsync(folder.Path, environment, "send");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("tcc: " + message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        AssertKeyNotLeaked(result, folder.Path);
    }

    [Fact]
    public async Task An_unsafe_feedback_url_is_refused_too()
    {
        using TempDirectory folder = new();
        WriteFile(folder, Run("run-1"));
        await using IngestServer server = await IngestServer.StartAsync();

        ToolResult result = await ToolRunner.RunAsync(folder.Path, Environment(server, (TccOptions.FeedbackUrlVariable, "https://feedback.example.com/v1/feedback")), "send");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Refusing unsafe TCC base URL (https://feedback.example.com/v1/feedback)", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, server.RequestCount);
    }

    [Fact]
    public async Task A_missing_file_is_a_clear_error()
    {
        using TempDirectory folder = new();
        await using IngestServer server = await IngestServer.StartAsync();

        ToolResult named = await ToolRunner.RunAsync(folder.Path, Environment(server), "send", "missing.jsonl");
        ToolResult standard = await ToolRunner.RunAsync(folder.Path, Environment(server), "send");

        Assert.Equal(1, named.ExitCode);
        Assert.Contains("tcc: no such file: " + folder.File("missing.jsonl"), named.Error, StringComparison.Ordinal);
        Assert.Equal(1, standard.ExitCode);
        Assert.Contains("no runs file at", standard.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_given_as_the_file_is_a_clear_error()
    {
        using TempDirectory folder = new();
        Directory.CreateDirectory(folder.File("runs.jsonl"));
        await using IngestServer server = await IngestServer.StartAsync();

        ToolResult result = await ToolRunner.RunAsync(folder.Path, Environment(server), "send", "runs.jsonl");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("tcc: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_and_a_storage_directory_together_are_an_error()
    {
        using TempDirectory folder = new();
        WriteFile(folder, Run("run-1"));
        await using IngestServer server = await IngestServer.StartAsync();

        ToolResult result = await ToolRunner.RunAsync(folder.Path, Environment(server), "send", "runs.jsonl", "--storage", folder.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("tcc: give either a FILE or --storage DIR, not both", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, server.RequestCount);
    }
}
