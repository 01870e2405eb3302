using System.Diagnostics;
using System.Text.Json;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>
/// Runs, steps and tool calls as a tracing backend sees them: the OpenTelemetry SDK with an always-on
/// sampler and its in-memory exporter, listening to the <c>ContextCompany</c> source. Each test starts a
/// root Activity of its own and reads only its trace.
/// </summary>
[Collection(ActivityCollection.Name)]
public sealed class ActivityTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_run_with_a_step_and_a_tool_call_is_a_tree_of_three_activities_with_the_genai_attributes()
    {
        using TraceCapture trace = new();
        using TccClient client = TestClients.Local(_folder);
        AgentRun run;
        string stepId;
        string toolCallId;
        using (trace.StartRoot())
        {
            run = client.Run(sessionId: "session-42")
                .Metadata((TccMetadataKeys.Agent, "weather-agent"), (TccMetadataKeys.UserId, "user-123"))
                .Prompt("What is the weather in London?", "You are a weather agent.");
            AgentStep step = run.Step();
            stepId = step.StepId;
            step.Prompt("What is the weather in London?").Response("Calling get_weather.")
                .Model("gpt-4o", "gpt-4o-2024-08-06").Tokens(promptUncached: 100, promptCached: 20, completion: 30)
                .FinishReason("tool_calls").End();
            ToolCall tool = run.ToolCall("get_weather").Args("""{"city":"London"}""").Result("""{"temp":15}""");
            toolCallId = tool.ToolCallId;
            tool.End();
            run.Response("15°C and cloudy.").End();
        }

        Activity root = trace.Root;
        Activity agent = trace.Single("invoke_agent weather-agent");
        Activity chat = trace.Single("chat gpt-4o");
        Activity tool2 = trace.Single("execute_tool get_weather");
        Assert.Equal(4, trace.Activities.Count);

        Assert.Equal(root.SpanId, agent.ParentSpanId);
        Assert.Equal(agent.SpanId, chat.ParentSpanId);
        Assert.Equal(agent.SpanId, tool2.ParentSpanId);
        Assert.All([agent, chat, tool2], a => Assert.Equal(ActivityKind.Internal, a.Kind));
        Assert.All([agent, chat, tool2], a => Assert.Equal("ContextCompany", a.Source.Name));

        AssertTags(agent, new()
        {
            ["gen_ai.operation.name"] = "invoke_agent",
            ["gen_ai.agent.name"] = "weather-agent",
            ["gen_ai.conversation.id"] = "session-42",
            ["tcc.run_id"] = run.RunId,
            ["user.id"] = "user-123",
        });
        Assert.Equal(ActivityStatusCode.Unset, agent.Status);

        AssertTags(chat, new()
        {
            ["gen_ai.operation.name"] = "chat",
            ["gen_ai.request.model"] = "gpt-4o",
            ["gen_ai.response.model"] = "gpt-4o-2024-08-06",
            ["gen_ai.usage.input_tokens"] = 120,
            ["gen_ai.usage.output_tokens"] = 30,
            ["tcc.run_id"] = run.RunId,
            ["tcc.step_id"] = stepId,
        });
        Assert.Equal(["tool_calls"], Assert.IsType<string[]>(chat.GetTagItem("gen_ai.response.finish_reasons")));

        AssertTags(tool2, new()
        {
            ["gen_ai.operation.name"] = "execute_tool",
            ["gen_ai.tool.name"] = "get_weather",
            ["gen_ai.tool.call.id"] = toolCallId,
            ["tcc.run_id"] = run.RunId,
        });

        // Content capture is off by default: no prompt, response or tool payload on any Activity.
        string[] contentTags =
        [
            "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions",
            "gen_ai.tool.call.arguments", "gen_ai.tool.call.result",
        ];
        Assert.All(trace.Activities, a => Assert.All(contentTags, tag => Assert.Null(a.GetTagItem(tag))));
    }

    [Fact]
    public void With_content_capture_the_messages_are_on_the_activities_in_the_conventions_json_shape()
    {
        using TraceCapture trace = new();
        using TccClient client = TestClients.Local(_folder, o => o.CaptureMessageContent = true);
        using (trace.StartRoot())
        {
            AgentRun run = client.Run().Prompt("Weather in \"London\"?", "Be brief.");
            run.Step().Prompt("step prompt").Response("step answer").Model("gpt-4o").FinishReason("length").End();
            run.ToolCall("get_weather").Args("""{"city":"London"}""").Result("""{"temp":15}""").End();
            run.Response("15°C.").End();
        }

        Activity agent = trace.Single("invoke_agent");
        Assert.Equal(
            """[{"role":"user","parts":[{"type":"text","content":"Weather in \"London\"?"}]}]""",
            agent.GetTagItem("gen_ai.input.messages"));
        Assert.Equal("""[{"type":"text","content":"Be brief."}]""", agent.GetTagItem("gen_ai.system_instructions"));
        Assert.Equal(
            """[{"role":"assistant","parts":[{"type":"text","content":"15°C."}],"finish_reason":"stop"}]""",
            agent.GetTagItem("gen_ai.output.messages"));

        Activity chat = trace.Single("chat gpt-4o");
        Assert.Equal("""[{"role":"user","parts":[{"type":"text","content":"step prompt"}]}]""", chat.GetTagItem("gen_ai.input.messages"));
        Assert.Equal(
            """[{"role":"assistant","parts":[{"type":"text","content":"step answer"}],"finish_reason":"length"}]""",
            chat.GetTagItem("gen_ai.output.messages"));

        Activity tool = trace.Single("execute_tool get_weather");
        Assert.Equal("""{"city":"London"}""", tool.GetTagItem("gen_ai.tool.call.arguments"));
        Assert.Equal("""{"temp":15}""", tool.GetTagItem("gen_ai.tool.call.result"));

        // Every message attribute is valid JSON.
        foreach (Activity activity in trace.Activities)
        {
            foreach (string tag in new[] { "gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions" })
            {
                if (activity.GetTagItem(tag) is string json)
                {
                    using JsonDocument parsed = JsonDocument.Parse(json);
                    Assert.Equal(JsonValueKind.Array, parsed.RootElement.ValueKind);
                }
            }
        }
    }

    [Fact]
    public void Failures_set_status_error_with_the_redacted_message_and_an_error_type()
    {
        using TraceCapture trace = new();
        using TccClient client = TestClients.Local(_folder);
        using (trace.StartRoot())
        {
            AgentRun run = client.Run().Prompt("q");
            run.Step().Error("model timed out");
            run.ToolCall().Error("tool crashed");
            run.Error("upstream failed with api_key=sk-abcdefghijklmnopqrstuvwxyz123456");
        }

        Activity agent = trace.Single("invoke_agent");
        Assert.Equal(ActivityStatusCode.Error, agent.Status);
        Assert.DoesNotContain("sk-abcdefghijklmnopqrstuvwxyz123456", agent.StatusDescription, StringComparison.Ordinal);
        Assert.StartsWith("upstream failed with", agent.StatusDescription, StringComparison.Ordinal);
        Assert.Equal("_OTHER", agent.GetTagItem("error.type"));

        Activity chat = trace.Single("chat");
        Assert.Equal(ActivityStatusCode.Error, chat.Status);
        Assert.Equal("model timed out", chat.StatusDescription);

        Activity tool = trace.Single("execute_tool unknown");
        Assert.Equal(ActivityStatusCode.Error, tool.Status);
        Assert.Equal("tool crashed", tool.StatusDescription);
    }

    [Fact]
    public async Task A_tracked_call_that_throws_records_the_exception_type_as_error_type()
    {
        using TraceCapture trace = new();
        ConfigureDefault(capture: false);
        TracedAgents agents = new();
        using (trace.StartRoot())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => agents.FailAsync("break it"));
        }

        Activity agent = trace.Single("invoke_agent failing-agent");
        Assert.Equal(ActivityStatusCode.Error, agent.Status);
        Assert.Equal("broken on purpose: 8", agent.StatusDescription);
        Assert.Equal(typeof(InvalidOperationException).FullName, agent.GetTagItem("error.type"));
        Assert.Equal("failing-agent", agent.GetTagItem("gen_ai.agent.name"));
    }

    [Fact]
    public async Task Nested_tracked_calls_produce_nested_activities_and_steps_attach_to_their_own_run()
    {
        using TraceCapture trace = new();
        ConfigureDefault(capture: true);
        TracedAgents agents = new();
        string answer;
        using (trace.StartRoot())
        {
            answer = await agents.OuterAsync("plan a trip", "session-7");
        }

        Assert.Equal("outer(inner(sub: plan a trip))", answer);
        Activity outer = trace.Single("invoke_agent outer-agent");
        Activity inner = trace.Single("invoke_agent inner-agent");
        Activity innerStep = trace.Single("chat inner-model");
        Activity outerTool = trace.Single("execute_tool lookup");
        Assert.Equal(trace.Root.SpanId, outer.ParentSpanId);
        Assert.Equal(outer.SpanId, inner.ParentSpanId);
        Assert.Equal(inner.SpanId, innerStep.ParentSpanId);
        Assert.Equal(outer.SpanId, outerTool.ParentSpanId);
        Assert.Equal("session-7", outer.GetTagItem("gen_ai.conversation.id"));
        Assert.Null(inner.GetTagItem("gen_ai.conversation.id"));
        Assert.Equal(
            """[{"role":"user","parts":[{"type":"text","content":"sub: plan a trip"}]}]""",
            inner.GetTagItem("gen_ai.input.messages"));
        Assert.Equal(
            """[{"role":"assistant","parts":[{"type":"text","content":"outer(inner(sub: plan a trip))"}],"finish_reason":"stop"}]""",
            outer.GetTagItem("gen_ai.output.messages"));
        Assert.True(inner.StartTimeUtc >= outer.StartTimeUtc);
        Assert.True(inner.StartTimeUtc + inner.Duration <= outer.StartTimeUtc + outer.Duration);
    }

    [Fact]
    public async Task A_streamed_tracked_call_is_one_activity_that_ends_with_the_stream()
    {
        using TraceCapture trace = new();
        ConfigureDefault(capture: true);
        TracedAgents agents = new();
        List<string> chunks = [];
        using (Activity root = trace.StartRoot())
        {
            await foreach (string chunk in agents.StreamAsync("count"))
            {
                chunks.Add(chunk);
                Assert.DoesNotContain(trace.Activities, a => a.DisplayName.StartsWith("invoke_agent", StringComparison.Ordinal));
            }

            Assert.Same(root, Activity.Current);
        }

        Assert.Equal(["one ", "two"], chunks);
        Activity run = trace.Single("invoke_agent stream-agent");
        Assert.Equal(trace.Root.SpanId, run.ParentSpanId);
        Assert.Equal(
            """[{"role":"assistant","parts":[{"type":"text","content":"one two"}],"finish_reason":"stop"}]""",
            run.GetTagItem("gen_ai.output.messages"));
    }

    [Fact]
    public void Feedback_while_the_run_is_open_is_an_evaluation_event_and_after_it_ended_nothing()
    {
        using TraceCapture trace = new();
        using TccClient client = TestClients.Local(_folder, o => o.CaptureMessageContent = true);
        using (trace.StartRoot())
        {
            AgentRun open = client.Run().Prompt("q");
            _ = open.FeedbackAsync(FeedbackScore.ThumbsDown, "Wrong city.");
            open.End();

            AgentRun ended = client.Run().Prompt("q2");
            ended.End();
            _ = ended.FeedbackAsync(FeedbackScore.ThumbsUp);
        }

        Activity[] runs = trace.Activities.Where(a => a.DisplayName == "invoke_agent").ToArray();
        Assert.Equal(2, runs.Length);
        ActivityEvent evaluation = Assert.Single(runs[0].Events);
        Assert.Equal("gen_ai.evaluation.result", evaluation.Name);
        Dictionary<string, object?> tags = evaluation.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal("user_feedback", tags["gen_ai.evaluation.name"]);
        Assert.Equal("thumbs_down", tags["gen_ai.evaluation.score.label"]);
        Assert.Equal(0.0, tags["gen_ai.evaluation.score.value"]);
        Assert.Equal("Wrong city.", tags["gen_ai.evaluation.explanation"]);
        Assert.Empty(runs[1].Events);
    }

    [Fact]
    public void The_run_is_the_current_activity_until_it_ends_and_the_callers_comes_back()
    {
        using TraceCapture trace = new();
        using TccClient client = TestClients.Local(_folder);
        using (Activity root = trace.StartRoot())
        {
            AgentRun run = client.Run().Prompt("q");
            Assert.Same(run.Activity, Activity.Current);
            AgentStep step = client.Step(run.RunId); // by id only: found as the open run on this flow
            step.Prompt("p").Response("r").End();
            Assert.Same(run.Activity, Activity.Current);
            run.End();
            Assert.Same(root, Activity.Current);
        }

        Assert.Equal(trace.Single("invoke_agent").SpanId, trace.Single("chat").ParentSpanId);
    }

    [Fact]
    public void A_run_ended_on_another_thread_leaves_that_threads_current_activity_alone()
    {
        using TraceCapture trace = new();
        using TccClient client = TestClients.Local(_folder);
        using (trace.StartRoot())
        {
            AgentRun run = client.Run().Prompt("q");
            Activity? seenAfterEnd = null;
            Thread other = new(() =>
            {
                using Activity? own = new Activity("other-thread-work").Start();
                run.End();
                seenAfterEnd = Activity.Current;
            });
            other.Start();
            other.Join();
            Assert.Equal("other-thread-work", seenAfterEnd?.OperationName);
        }

        Assert.True(trace.Single("invoke_agent").Duration > TimeSpan.Zero);
    }

    [Fact]
    public void Without_a_listener_no_activity_is_created()
    {
        using TccClient client = TestClients.Local(_folder);
        AgentRun run = client.Run().Prompt("q");
        Assert.Null(run.Activity);
        run.Step().Prompt("p").Response("r").End();
        run.End();
        Assert.Null(Activity.Current);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData(" true ", true)]
    [InlineData("1", false)]
    [InlineData("false", false)]
    [InlineData(null, false)]
    public void Content_capture_follows_the_OpenTelemetry_variable(string? value, bool expected)
    {
        TccOptions options = new(name => name == TccOptions.CaptureMessageContentVariable ? value : null);
        Assert.Equal(expected, options.CaptureMessageContent);
    }

    private void ConfigureDefault(bool capture) => Tcc.Configure(o =>
    {
        o.ApiKey = null;
        o.BaseUrl = null;
        o.FeedbackUrl = null;
        o.LocalPath = Path.Combine(_folder.Path, "default.jsonl");
        o.LocalRunSummaries = false;
        o.CaptureMessageContent = capture;
    });

    private static void AssertTags(Activity activity, Dictionary<string, object> expected)
    {
        foreach ((string key, object value) in expected)
        {
            Assert.True(Equals(value, activity.GetTagItem(key)), $"{activity.DisplayName}: {key} is '{activity.GetTagItem(key)}', expected '{value}'.");
        }
    }
}
