using System.Text.Json;
using System.Text.RegularExpressions;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>
/// Every example of the Python SDK's agent-run page, in C#, against a real HTTP server: what arrives
/// (path, headers, exact JSON members present and absent).
/// </summary>
public sealed partial class PythonDocsExamplesTests : ServerTestBase
{
    [Fact]
    public async Task Chained_calls_send_one_run_with_prompt_metadata_and_response()
    {
        // r.prompt("What is the weather in London?").metadata(userId="user-123").response("15°C and cloudy.").end()
        AgentRun r = Client.Run();
        r.Prompt("What is the weather in London?").Metadata("userId", "user-123").Response("15°C and cloudy.").End();

        RecordedRequest request = await SingleIngestAsync();
        JsonElement run = request.Json;
        AssertMembers(run, "type", "run_id", "start_time", "end_time", "status_code", "prompt", "response", "metadata");
        Assert.Equal("run", run.GetProperty("type").GetString());
        Assert.Equal(r.RunId, run.GetProperty("run_id").GetString());
        Assert.Equal(0, run.GetProperty("status_code").GetInt32());
        AssertMembers(run.GetProperty("prompt"), "user_prompt");
        Assert.Equal("What is the weather in London?", run.GetProperty("prompt").GetProperty("user_prompt").GetString());
        Assert.Equal("15°C and cloudy.", run.GetProperty("response").GetString());
        Assert.Equal("""{"userId":"user-123"}""", run.GetProperty("metadata").GetRawText());
    }

    [Fact]
    public async Task Requests_carry_bearer_key_json_content_type_and_user_agent()
    {
        Client.Run().Prompt("p").End();

        RecordedRequest request = await SingleIngestAsync();
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/custom", request.Path);
        Assert.Equal("Bearer " + TestClients.ApiKey, request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Matches(@"^contextcompany-dotnet/\d+\.\d+\.\d+", request.Header("User-Agent"));
    }

    [Fact]
    public async Task Generated_run_id_is_a_lowercase_uuid_v4()
    {
        AgentRun r = Client.Run();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", r.RunId);
        Assert.NotEqual(r.RunId, Client.Run().RunId);
    }

    [Fact]
    public async Task Run_with_custom_id_session_and_conversational_sends_them()
    {
        // tcc.run(run_id="your-custom-uuid", session_id="session-123", conversational=True)
        AgentRun r = Client.Run(runId: "your-custom-uuid", sessionId: "session-123", conversational: true);
        Assert.Equal("your-custom-uuid", r.RunId);
        r.Prompt("What is the weather in London?").End();

        JsonElement run = (await SingleIngestAsync()).Json;
        AssertMembers(run, "type", "run_id", "session_id", "conversational", "start_time", "end_time", "status_code", "prompt");
        Assert.Equal("your-custom-uuid", run.GetProperty("run_id").GetString());
        Assert.Equal("session-123", run.GetProperty("session_id").GetString());
        Assert.True(run.GetProperty("conversational").GetBoolean());
    }

    [Fact]
    public async Task Conversational_false_is_sent_and_null_is_left_out()
    {
        Client.Run(runId: "a", conversational: false).Prompt("p").End();
        Client.Run(runId: "b").Prompt("p").End();

        IReadOnlyList<RecordedRequest> requests = await Server.WaitForRequestsAsync(2);
        JsonElement a = requests.Single(x => x.Json.GetProperty("run_id").GetString() == "a").Json;
        JsonElement b = requests.Single(x => x.Json.GetProperty("run_id").GetString() == "b").Json;
        Assert.False(a.GetProperty("conversational").GetBoolean());
        Assert.False(b.TryGetProperty("conversational", out _));
    }

    [Fact]
    public async Task Prompt_with_system_prompt_sends_both()
    {
        // r.prompt("What is the weather in London?", system_prompt="You are a helpful weather agent.")
        Client.Run().Prompt("What is the weather in London?", systemPrompt: "You are a helpful weather agent.").End();

        JsonElement prompt = (await SingleIngestAsync()).Json.GetProperty("prompt");
        AssertMembers(prompt, "user_prompt", "system_prompt");
        Assert.Equal("You are a helpful weather agent.", prompt.GetProperty("system_prompt").GetString());
    }

    [Fact]
    public async Task End_run_example_sends_prompt_and_response_with_millisecond_utc_times()
    {
        AgentRun r = Client.Run();
        r.Prompt("What is the weather in London?");
        r.Response("The weather in London is 15°C and cloudy.");
        r.End();

        JsonElement run = (await SingleIngestAsync()).Json;
        string start = run.GetProperty("start_time").GetString()!;
        string end = run.GetProperty("end_time").GetString()!;
        Assert.Matches(TimestampPattern(), start);
        Assert.Matches(TimestampPattern(), end);
        Assert.True(string.CompareOrdinal(start, end) <= 0, $"{start} should not be after {end}");
        Assert.False(run.TryGetProperty("status_message", out _));
        Assert.False(run.TryGetProperty("session_id", out _));
        Assert.False(run.TryGetProperty("metadata", out _));
    }

    [Fact]
    public async Task Error_after_prompt_sends_status_2_with_message()
    {
        AgentRun r = Client.Run();
        r.Prompt("What is the weather in London?");
        try
        {
            throw new InvalidOperationException("weather API unavailable");
        }
        catch (Exception e)
        {
            r.Error(statusMessage: e.Message);
        }

        JsonElement run = (await SingleIngestAsync()).Json;
        Assert.Equal(2, run.GetProperty("status_code").GetInt32());
        Assert.Equal("weather API unavailable", run.GetProperty("status_message").GetString());
        Assert.True(run.TryGetProperty("prompt", out _));
    }

    [Fact]
    public async Task Error_without_prompt_sends_no_prompt_member()
    {
        Client.Run().Error();

        JsonElement run = (await SingleIngestAsync()).Json;
        AssertMembers(run, "type", "run_id", "start_time", "end_time", "status_code");
        Assert.Equal(2, run.GetProperty("status_code").GetInt32());
    }

    [Fact]
    public async Task Metadata_as_pairs_and_as_dictionary_merge_with_later_keys_winning()
    {
        // r.metadata(userId="4a6b...", orgId="org-123") and r.metadata({...})
        AgentRun r = Client.Run().Prompt("p");
        r.Metadata(("userId", "4a6b111c-b53a-4d00-a877-67185022ab9e"), ("orgId", "org-123"));
        r.Metadata(new Dictionary<string, string> { ["orgId"] = "org-456", ["plan"] = "pro" });
        r.End();

        JsonElement metadata = (await SingleIngestAsync()).Json.GetProperty("metadata");
        Assert.Equal("4a6b111c-b53a-4d00-a877-67185022ab9e", metadata.GetProperty("userId").GetString());
        Assert.Equal("org-456", metadata.GetProperty("orgId").GetString());
        Assert.Equal("pro", metadata.GetProperty("plan").GetString());
        Assert.Equal(3, metadata.EnumerateObject().Count());
    }

    [Fact]
    public async Task Agent_name_is_sent_as_tcc_agent()
    {
        Client.Run().Prompt("p").Metadata(new Dictionary<string, string> { [TccMetadataKeys.Agent] = "support-agent" }).End();

        JsonElement metadata = (await SingleIngestAsync()).Json.GetProperty("metadata");
        Assert.Equal("support-agent", metadata.GetProperty("tcc.agent").GetString());
    }

    [Fact]
    public async Task User_and_org_identity_keys_are_sent()
    {
        Client.Run().Prompt("p").Metadata(new Dictionary<string, string>
        {
            ["tcc.userId"] = "user-123",
            ["tcc.userName"] = "Jane Doe",
            ["tcc.orgId"] = "org-456",
            ["tcc.orgName"] = "Acme Inc.",
        }).End();

        JsonElement metadata = (await SingleIngestAsync()).Json.GetProperty("metadata");
        Assert.Equal(
            """{"tcc.userId":"user-123","tcc.userName":"Jane Doe","tcc.orgId":"org-456","tcc.orgName":"Acme Inc."}""",
            metadata.GetRawText());
    }

    [Fact]
    public async Task Feedback_on_the_run_object_posts_to_feedback_endpoint()
    {
        AgentRun r = Client.Run();
        r.Prompt("What is the weather in London?");
        r.Response("The weather in London is 15°C and cloudy.");
        r.End();

        bool accepted = await r.FeedbackAsync(score: FeedbackScore.ThumbsUp, text: "Very helpful!");

        Assert.True(accepted);
        RecordedRequest feedback = Assert.Single(Server.RequestsTo("/v1/feedback"));
        Assert.Equal("Bearer " + TestClients.ApiKey, feedback.Header("Authorization"));
        Assert.Equal("application/json", feedback.Header("Content-Type"));
        Assert.Equal($$"""{"runId":"{{r.RunId}}","score":"thumbs_up","text":"Very helpful!"}""", feedback.Body);
    }

    [Fact]
    public async Task Feedback_with_a_run_id_from_a_client_posts_string_score()
    {
        AgentRun r = Client.Run();
        string runId = r.RunId;
        r.Prompt("What is the weather in London?").Response("The weather in London is 15°C and cloudy.").End();

        bool accepted = await Client.SubmitFeedbackAsync(runId, score: "thumbs_down", text: "The temperature was wrong.");

        Assert.True(accepted);
        RecordedRequest feedback = Assert.Single(Server.RequestsTo("/v1/feedback"));
        Assert.Equal($$"""{"runId":"{{runId}}","score":"thumbs_down","text":"The temperature was wrong."}""", feedback.Body);
    }

    [Fact]
    public async Task Feedback_leaves_out_absent_score_or_text()
    {
        Assert.True(await Client.SubmitFeedbackAsync("run-1", score: FeedbackScore.ThumbsDown));
        Assert.True(await Client.SubmitFeedbackAsync("run-2", score: (string?)null, text: "only text"));

        string[] bodies = Server.RequestsTo("/v1/feedback").Select(r => r.Body).ToArray();
        Assert.Contains("""{"runId":"run-1","score":"thumbs_down"}""", bodies);
        Assert.Contains("""{"runId":"run-2","text":"only text"}""", bodies);
    }

    [Fact]
    public async Task Feedback_returns_false_when_the_service_refuses_it()
    {
        Server.Respond = (request, _) => request.Path == "/v1/feedback" ? new Reply(422) : Reply.Ok;

        Assert.False(await Client.SubmitFeedbackAsync("run-1", FeedbackScore.ThumbsUp));
    }

    [Fact]
    public async Task Session_of_two_runs_shares_the_session_id()
    {
        const string sessionId = "unique-session-identifier";
        AgentRun r1 = Client.Run(sessionId: sessionId);
        r1.Prompt("What is the weather in London?");
        r1.Response("The weather in London is 15°C and cloudy.");
        r1.End();
        AgentRun r2 = Client.Run(sessionId: sessionId);
        r2.Prompt("What about Paris?");
        r2.Response("The weather in Paris is 18°C and sunny.");
        r2.End();

        IReadOnlyList<RecordedRequest> requests = await Server.WaitForRequestsAsync(2);
        Assert.All(requests, r => Assert.Equal(sessionId, r.Json.GetProperty("session_id").GetString()));
        Assert.Equal(
            new[] { r1.RunId, r2.RunId }.Order(),
            requests.Select(r => r.Json.GetProperty("run_id").GetString()!).Order());
    }

    [Fact]
    public async Task Step_sends_every_field_it_was_given()
    {
        // Created by id, the step goes alone (created from an open run, it would wait to travel with it).
        Client.Step("run-with-step", stepId: "step-1")
            .Prompt("[{\"role\":\"user\",\"content\":\"weather?\"}]")
            .Response("Calling get_weather")
            .Model(requested: "gpt-4o", used: "gpt-4o-2024-08-06")
            .FinishReason("tool_calls")
            .Tokens(promptUncached: 120, promptCached: 30)
            .Tokens(completion: 15)
            .Cost(0.00042)
            .ToolDefinitions("[{\"name\":\"get_weather\"}]")
            .End();

        JsonElement step = (await SingleIngestAsync()).Json;
        AssertMembers(step, "type", "run_id", "step_id", "start_time", "end_time", "status_code", "prompt", "response",
            "model_requested", "model_used", "finish_reason", "prompt_uncached_tokens", "prompt_cached_tokens",
            "completion_tokens", "real_total_cost", "tool_definitions");
        Assert.Equal("step", step.GetProperty("type").GetString());
        Assert.Equal("run-with-step", step.GetProperty("run_id").GetString());
        Assert.Equal("step-1", step.GetProperty("step_id").GetString());
        Assert.Equal(120, step.GetProperty("prompt_uncached_tokens").GetInt32());
        Assert.Equal(30, step.GetProperty("prompt_cached_tokens").GetInt32());
        Assert.Equal(15, step.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(0.00042, step.GetProperty("real_total_cost").GetDouble());
        Assert.Equal("[{\"role\":\"user\",\"content\":\"weather?\"}]", step.GetProperty("prompt").GetString());
    }

    [Fact]
    public async Task Time_to_first_token_is_sent_as_whole_milliseconds()
    {
        Client.Step("run-1").Prompt("p").Response("r").TimeToFirstToken(TimeSpan.FromTicks(1_239_999)).End();

        JsonElement step = (await SingleIngestAsync()).Json;
        AssertMembers(step, "type", "run_id", "step_id", "start_time", "end_time", "status_code", "prompt", "response", "ttft_ms");
        Assert.Equal(JsonValueKind.Number, step.GetProperty("ttft_ms").ValueKind);
        Assert.Equal("123", step.GetProperty("ttft_ms").GetRawText());
    }

    [Fact]
    public async Task Minimal_step_leaves_optional_members_out()
    {
        Client.Step("run-1").Prompt("p").Response("r").End();

        JsonElement step = (await SingleIngestAsync()).Json;
        AssertMembers(step, "type", "run_id", "step_id", "start_time", "end_time", "status_code", "prompt", "response");
    }

    [Fact]
    public async Task Tool_call_sends_name_args_and_result_as_json_text()
    {
        Client.ToolCall("run-with-tool", "get_weather", toolCallId: "call-1")
            .Args("{\"city\":\"London\"}")
            .Result("{\"temperature\":15}")
            .End();

        JsonElement call = (await SingleIngestAsync()).Json;
        AssertMembers(call, "type", "run_id", "tool_call_id", "tool_name", "start_time", "end_time", "status_code", "args", "result");
        Assert.Equal("tool_call", call.GetProperty("type").GetString());
        Assert.Equal("get_weather", call.GetProperty("tool_name").GetString());
        Assert.Equal("{\"city\":\"London\"}", call.GetProperty("args").GetString());
        Assert.Equal("{\"temperature\":15}", call.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Tool_call_args_from_an_object_use_the_given_json_contract()
    {
        Client.ToolCall("run-1").Name("get_weather")
            .Args(new WeatherQuery("London", 3), TestJsonContext.Default.WeatherQuery)
            .End();

        JsonElement call = (await SingleIngestAsync()).Json;
        Assert.Equal("""{"City":"London","Days":3}""", call.GetProperty("args").GetString());
    }

    [Fact]
    public async Task Errored_tool_call_without_name_is_sent_as_unknown()
    {
        Client.ToolCall("run-1").Error("timeout");

        JsonElement call = (await SingleIngestAsync()).Json;
        Assert.Equal("unknown", call.GetProperty("tool_name").GetString());
        Assert.Equal(2, call.GetProperty("status_code").GetInt32());
        Assert.Equal("timeout", call.GetProperty("status_message").GetString());
        Assert.False(call.TryGetProperty("args", out _));
    }

    [Fact]
    public async Task Status_sets_code_and_redacted_message_on_end()
    {
        Client.Run().Prompt("p").Status(2, "upstream said api_key=abc123").End();

        JsonElement run = (await SingleIngestAsync()).Json;
        Assert.Equal(2, run.GetProperty("status_code").GetInt32());
        Assert.Equal("upstream said api_key=[REDACTED]", run.GetProperty("status_message").GetString());
    }

    [Fact]
    public async Task Error_message_is_redacted_before_it_is_sent()
    {
        Client.Run().Error("POST failed: Authorization: Bearer sk-live-secret-token");

        JsonElement run = (await SingleIngestAsync()).Json;
        Assert.Equal("POST failed: Authorization=[REDACTED]", run.GetProperty("status_message").GetString());
    }


    private static void AssertMembers(JsonElement element, params string[] expected) =>
        Assert.Equal(expected.Order(), element.EnumerateObject().Select(p => p.Name).Order());

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex TimestampPattern();
}

public sealed record WeatherQuery(string City, int Days);

[System.Text.Json.Serialization.JsonSerializable(typeof(WeatherQuery))]
public sealed partial class TestJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
