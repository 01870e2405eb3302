using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>Misuse throws at the call, with the Python SDK's wording and a hint of what to do.</summary>
public sealed class ValidationTests : LocalClientTestBase
{
    [Fact]
    public void End_without_prompt_throws()
    {
        AgentRun r = Client.Run();
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(r.End);
        Assert.Equal("[TCC] Cannot end run: prompt is required. Call r.Prompt(...) before r.End()", e.Message);
        Assert.False(r.IsEnded);
    }

    [Fact]
    public void Empty_prompt_counts_as_set()
    {
        AgentRun r = Client.Run().Prompt(string.Empty);
        r.End();
        Assert.True(r.IsEnded);
    }

    [Fact]
    public void End_twice_throws()
    {
        AgentRun r = Client.Run().Prompt("p");
        r.End();
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(r.End);
        Assert.Equal("[TCC] Run has already ended", e.Message);
    }

    [Fact]
    public void Error_after_end_and_end_after_error_throw()
    {
        AgentRun ended = Client.Run().Prompt("p");
        ended.End();
        Assert.Equal("[TCC] Run has already ended", Assert.Throws<InvalidOperationException>(() => ended.Error("late")).Message);

        AgentRun errored = Client.Run();
        errored.Error("boom");
        Assert.Throws<InvalidOperationException>(errored.End);
        Assert.Throws<InvalidOperationException>(() => errored.Error());
    }

    [Fact]
    public void Every_setter_after_end_throws()
    {
        AgentRun r = Client.Run().Prompt("p");
        r.End();

        Action[] setters =
        {
            () => r.Prompt("again"),
            () => r.Response("late"),
            () => r.Metadata("k", "v"),
            () => r.Metadata(("k", "v")),
            () => r.Metadata(new Dictionary<string, string> { ["k"] = "v" }),
            () => r.Status(0),
        };
        foreach (Action setter in setters)
        {
            Assert.Equal("[TCC] Run has already ended", Assert.Throws<InvalidOperationException>(setter).Message);
        }
    }

    [Fact]
    public async Task Getters_steps_and_feedback_keep_working_after_end()
    {
        AgentRun r = Client.Run(runId: "ended-run", sessionId: "s", conversational: true).Prompt("p");
        r.End();

        Assert.Equal("ended-run", r.RunId);
        Assert.Equal("s", r.SessionId);
        Assert.True(r.Conversational);
        Assert.True(r.IsEnded);
        Assert.Equal("ended-run", r.Step().RunId);
        Assert.False(await r.FeedbackAsync(FeedbackScore.ThumbsUp)); // no API key: recorded locally, not accepted
    }

    [Fact]
    public void Error_without_prompt_is_allowed()
    {
        AgentRun r = Client.Run();
        r.Error("failed before the prompt was known");
        Assert.True(r.IsEnded);
    }

    [Fact]
    public void Step_end_requires_prompt_then_response()
    {
        AgentStep step = Client.Run().Step();
        Assert.Equal(
            "[TCC] Cannot end step: prompt is required. Call s.Prompt(...) before s.End()",
            Assert.Throws<InvalidOperationException>(step.End).Message);
        step.Prompt("p");
        Assert.Equal(
            "[TCC] Cannot end step: response is required. Call s.Response(...) before s.End()",
            Assert.Throws<InvalidOperationException>(step.End).Message);
        step.Response("r");
        step.End();
        Assert.Equal("[TCC] Step has already ended", Assert.Throws<InvalidOperationException>(step.End).Message);
        Assert.Throws<InvalidOperationException>(() => step.Model("m"));
        Assert.Throws<InvalidOperationException>(() => step.Tokens(completion: 1));
        Assert.Throws<InvalidOperationException>(() => step.Cost(1));
        Assert.Throws<InvalidOperationException>(() => step.TimeToFirstToken(TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void Step_error_needs_neither_prompt_nor_response()
    {
        AgentStep step = Client.Step("run-1");
        step.Error("rate limited");
        Assert.Throws<InvalidOperationException>(() => step.Prompt("late"));
    }

    [Fact]
    public void Tool_call_end_requires_a_name()
    {
        ToolCall call = Client.ToolCall("run-1");
        Assert.Equal(
            "[TCC] Cannot end tool call: name is required. Call tc.Name(...) before tc.End()",
            Assert.Throws<InvalidOperationException>(call.End).Message);
        call.Name("search").End();
        Assert.Equal("[TCC] Tool call has already ended", Assert.Throws<InvalidOperationException>(() => call.Args("{}")).Message);
    }

    [Fact]
    public void Step_rejects_negative_counts_and_invalid_costs()
    {
        AgentStep step = Client.Step("run-1");
        Assert.Equal("promptUncached", Assert.Throws<ArgumentOutOfRangeException>(() => step.Tokens(promptUncached: -1)).ParamName);
        Assert.Equal("completion", Assert.Throws<ArgumentOutOfRangeException>(() => step.Tokens(completion: -5)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => step.Cost(-0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => step.Cost(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => step.Cost(double.PositiveInfinity));
        Assert.Equal("elapsed", Assert.Throws<ArgumentOutOfRangeException>(() => step.TimeToFirstToken(TimeSpan.FromTicks(-1))).ParamName);
        step.TimeToFirstToken(TimeSpan.Zero);
    }

    [Fact]
    public void Status_code_must_be_0_1_or_2()
    {
        AgentRun r = Client.Run();
        Assert.Equal("code", Assert.Throws<ArgumentOutOfRangeException>(() => r.Status(3)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Status(-1));
        r.Status(2, "ok then");
    }

    [Fact]
    public async Task Feedback_with_neither_score_nor_text_throws()
    {
        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => Client.SubmitFeedbackAsync("run-1"));
        Assert.StartsWith("[TCC] Feedback requires at least one of score or text", e.Message);
        await Assert.ThrowsAsync<ArgumentException>(() => Client.SubmitFeedbackAsync("run-1", score: (FeedbackScore?)null, text: string.Empty));
        await Assert.ThrowsAsync<ArgumentException>(() => Client.SubmitFeedbackAsync("run-1", score: (string?)null, text: null));
    }

    [Fact]
    public async Task Feedback_text_of_2000_characters_is_accepted_and_2001_throws()
    {
        await Client.SubmitFeedbackAsync("run-1", text: new string('x', 2000));

        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => Client.SubmitFeedbackAsync("run-1", text: new string('x', 2001)));
        Assert.Equal("text", e.ParamName);
        Assert.StartsWith("[TCC] Feedback text must be at most 2000 characters (got 2001)", e.Message);
    }

    [Fact]
    public async Task Feedback_text_length_counts_utf16_code_units()
    {
        // 1000 emoji are 2000 UTF-16 code units: allowed. One more character is not.
        string emoji = string.Concat(Enumerable.Repeat("😀", 1000));
        await Client.SubmitFeedbackAsync("run-1", text: emoji);
        await Assert.ThrowsAsync<ArgumentException>(() => Client.SubmitFeedbackAsync("run-1", text: emoji + "a"));
    }

    [Theory]
    [InlineData("Thumbs_Up")]
    [InlineData("THUMBS_DOWN")]
    [InlineData("thumbsup")]
    [InlineData("up")]
    [InlineData("")]
    [InlineData(" thumbs_up")]
    public async Task Invalid_score_strings_throw(string score)
    {
        ArgumentException e = await Assert.ThrowsAsync<ArgumentException>(() => Client.SubmitFeedbackAsync("run-1", score, "text"));
        Assert.Equal("score", e.ParamName);
        Assert.Contains("\"thumbs_up\" or \"thumbs_down\"", e.Message);
    }

    [Fact]
    public async Task Feedback_validation_runs_on_the_run_object_too()
    {
        AgentRun r = Client.Run();
        await Assert.ThrowsAsync<ArgumentException>(() => r.FeedbackAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => r.FeedbackAsync(text: new string('x', 2001)));
    }

    [Fact]
    public void Empty_ids_are_refused_with_the_parameter_name()
    {
        Assert.Equal("runId", Assert.Throws<ArgumentException>(() => Client.Run(runId: string.Empty)).ParamName);
        Assert.Equal("stepId", Assert.Throws<ArgumentException>(() => Client.Step("run-1", stepId: string.Empty)).ParamName);
        Assert.Equal("toolCallId", Assert.Throws<ArgumentException>(() => Client.ToolCall("run-1", toolCallId: string.Empty)).ParamName);
    }

    [Fact]
    public async Task Members_are_safe_to_call_from_many_threads()
    {
        AgentRun r = Client.Run().Prompt("p");
        int ended = 0;
        int refused = 0;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
        {
            for (int k = 0; k < 200; k++)
            {
                try
                {
                    r.Metadata($"key-{i}-{k}", "v");
                }
                catch (InvalidOperationException)
                {
                }
            }

            try
            {
                r.End();
                Interlocked.Increment(ref ended);
            }
            catch (InvalidOperationException)
            {
                Interlocked.Increment(ref refused);
            }
        })));

        Assert.Equal(1, ended);
        Assert.Equal(15, refused);
        Assert.True(await Client.FlushAsync());
        Assert.Equal(1, Client.Statistics.Sent);
    }
}
