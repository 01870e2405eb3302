using System.Text.Json;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>Null arguments, huge and strange strings: a clear error at the call, or delivered intact.</summary>
public sealed class BadInputTests : ServerTestBase
{
    [Fact]
    public void Null_arguments_throw_ArgumentNullException_naming_the_parameter()
    {
        AgentRun r = Client.Run();
        AgentStep s = Client.Step("run-1");
        ToolCall t = Client.ToolCall("run-1");
        (Action Call, string Parameter)[] cases =
        {
            (() => r.Prompt(null!), "userPrompt"),
            (() => r.Response(null!), "response"),
            (() => r.Metadata((string)null!, "v"), "key"),
            (() => r.Metadata("k", null!), "value"),
            (() => r.Metadata((IEnumerable<KeyValuePair<string, string>>)null!), "data"),
            (() => r.Metadata(((string, string)[])null!), "pairs"),
            (() => s.Prompt(null!), "text"),
            (() => s.Response(null!), "text"),
            (() => s.FinishReason(null!), "reason"),
            (() => s.ToolDefinitions(null!), "definitions"),
            (() => t.Name(null!), "toolName"),
            (() => t.Args(null!), "json"),
            (() => t.Result(null!), "json"),
            (() => t.Args(new WeatherQuery("x", 1), null!), "typeInfo"),
            (() => Client.Step(null!), "runId"),
            (() => Client.ToolCall(null!), "runId"),
            (() => _ = new TccClient(null!), "options"),
        };
        foreach ((Action call, string parameter) in cases)
        {
            ArgumentNullException e = Assert.Throws<ArgumentNullException>(call);
            Assert.Equal(parameter, e.ParamName);
        }
    }

    [Fact]
    public async Task Null_run_id_for_feedback_throws_ArgumentNullException()
    {
        ArgumentNullException e = await Assert.ThrowsAsync<ArgumentNullException>(() => Client.SubmitFeedbackAsync(null!, FeedbackScore.ThumbsUp));
        Assert.Equal("runId", e.ParamName);
    }

    [Fact]
    public void Null_metadata_key_or_value_inside_a_collection_is_refused_with_the_key()
    {
        AgentRun r = Client.Run();
        ArgumentException e = Assert.Throws<ArgumentException>(() => r.Metadata(("plan", (string)null!)));
        Assert.Equal("pairs", e.ParamName);
        Assert.Contains("'plan'", e.Message);
        Assert.Throws<ArgumentException>(() => r.Metadata(new[] { new KeyValuePair<string, string>("plan", null!) }));
    }

    [Fact]
    public async Task A_10_MB_prompt_is_delivered_whole()
    {
        string prompt = new string('a', 10 * 1024 * 1024 - 3) + "end";
        Client.Run(runId: "big").Prompt(prompt).End();

        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(30)));
        JsonElement run = Assert.Single(Server.RequestsTo("/v1/custom")).Json;
        Assert.Equal(prompt, run.GetProperty("prompt").GetProperty("user_prompt").GetString());
    }

    [Fact]
    public async Task Lone_surrogates_and_control_characters_arrive_as_valid_json_and_nothing_else_changes()
    {
        string tricky = "lone high \uD800, lone low \uDC00, pair 😀, nul \0, bell \a, tab \t, newline \n, quote \", backslash \\, del \u007f, é, 中, \u2028";
        Client.Run(runId: "tricky").Prompt(tricky, systemPrompt: tricky).Response(tricky).Metadata(tricky, tricky).End();

        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(10)));
        RecordedRequest request = Assert.Single(Server.RequestsTo("/v1/custom"));
        Assert.Contains("\\u0000", request.Body);
        Assert.Contains("\\u0007", request.Body);
        Assert.Contains("é, 中", request.Body); // non-ASCII text travels as UTF-8, not as escapes

        // A strict parser accepts the payload. A lone surrogate has no UTF-8 form and becomes U+FFFD (strict
        // parsers refuse its \uD800 escape, which would lose the whole run); every other character is intact.
        string expected = tricky.Replace('\uD800', '\uFFFD').Replace('\uDC00', '\uFFFD');
        JsonElement run = request.Json;
        Assert.Equal(expected, run.GetProperty("prompt").GetProperty("user_prompt").GetString());
        Assert.Equal(expected, run.GetProperty("prompt").GetProperty("system_prompt").GetString());
        Assert.Equal(expected, run.GetProperty("response").GetString());
        JsonProperty metadata = Assert.Single(run.GetProperty("metadata").EnumerateObject());
        Assert.Equal(expected, metadata.Name);
        Assert.Equal(expected, metadata.Value.GetString());
    }

    [Fact]
    public async Task Metadata_with_1000_keys_is_delivered_whole()
    {
        AgentRun r = Client.Run().Prompt("p");
        r.Metadata(Enumerable.Range(0, 1000).Select(i => new KeyValuePair<string, string>($"key-{i:D4}", $"value-{i}")));
        r.End();

        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(10)));
        JsonElement metadata = Assert.Single(Server.RequestsTo("/v1/custom")).Json.GetProperty("metadata");
        Dictionary<string, string> received = metadata.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(1000, received.Count);
        Assert.Equal("value-999", received["key-0999"]);
    }

    [Fact]
    public async Task Status_message_of_a_megabyte_is_redacted_and_delivered()
    {
        string message = "password=hunter2 " + new string('x', 1024 * 1024);
        Client.Run().Error(message);

        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(10)));
        string status = Assert.Single(Server.RequestsTo("/v1/custom")).Json.GetProperty("status_message").GetString()!;
        Assert.StartsWith("password=[REDACTED] xxx", status);
        Assert.Equal(message.Length - "hunter2".Length + "[REDACTED]".Length, status.Length);
    }
}
