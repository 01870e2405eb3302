using System.Globalization;
using System.Text.Json;
using ContextCompany.Generators.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Generators.Tests;

/// <summary>
/// Compiles a user program with the generator (real Roslyn compilation), loads it, calls the wrappers and
/// asserts on the runs that reach the runtime.
/// </summary>
public sealed class TrackedAgentBehaviourTests : IClassFixture<LoadedProgram>
{
    private readonly LoadedProgram _program;

    public TrackedAgentBehaviourTests(LoadedProgram program) => _program = program;

    [Fact]
    public async Task Sync_string_method_records_prompt_system_prompt_session_metadata_and_response()
    {
        string prompt = Unique("question");
        Assert.Equal("answer:" + prompt, await _program.CallAsync("Answer", prompt));

        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(0, run.GetProperty("status_code").GetInt32());
        Assert.Equal("You are helpful.", run.GetProperty("prompt").GetProperty("system_prompt").GetString());
        Assert.Equal("session-7", run.GetProperty("session_id").GetString());
        Assert.True(run.GetProperty("conversational").GetBoolean());
        Assert.Equal("answer:" + prompt, run.GetProperty("response").GetString());
        Assert.Equal(
            """{"tcc.agent":"support-agent","tcc.userId":"user-1","plan":"Pro","vip":"true","since":"2026-01-02T03:04:05.0000000+00:00","score":"1.5"}""",
            run.GetProperty("metadata").GetRawText());
    }

    [Fact]
    public async Task Null_metadata_values_are_left_out_and_numbers_use_the_invariant_culture()
    {
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            string prompt = Unique("culture");
            await _program.CallAsync("AnswerNoUser", prompt);

            JsonElement metadata = (await _program.RunAsync(prompt)).GetProperty("metadata");
            Assert.False(metadata.TryGetProperty("tcc.userId", out _));
            Assert.Equal("0.25", metadata.GetProperty("score").GetString());
            Assert.Equal("42", metadata.GetProperty("note").GetString());
            Assert.Equal("false", metadata.GetProperty("vip").GetString());
            Assert.Equal("Free", metadata.GetProperty("plan").GetString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task Exception_is_recorded_redacted_and_rethrown_with_its_original_stack()
    {
        string prompt = Unique("throw");
        string outcome = await _program.CallAsync("AnswerThrows", prompt);

        Assert.StartsWith("InvalidOperationException|boom: password=hunter2|", outcome);
        Assert.Contains("AnswerCore", outcome); // the stack still starts in the implementation
        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(2, run.GetProperty("status_code").GetInt32());
        Assert.Equal("boom: password=[REDACTED]", run.GetProperty("status_message").GetString());
        Assert.False(run.TryGetProperty("response", out _));
    }

    [Fact]
    public async Task Exception_with_an_empty_message_is_recorded_by_its_type_name()
    {
        string prompt = Unique("empty");
        await _program.CallAsync("AnswerThrows", prompt);

        Assert.Equal("EmptyMessageException", (await _program.RunAsync(prompt)).GetProperty("status_message").GetString());
    }

    [Fact]
    public async Task Async_method_records_response_run_id_and_system_prompt_argument()
    {
        string prompt = Unique("ask");
        string runId = "caller-chosen-" + Guid.NewGuid().ToString("N");
        Assert.Equal("async:" + prompt, await _program.CallAsync("Ask", prompt, "From the argument.", runId));

        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(runId, run.GetProperty("run_id").GetString());
        Assert.Equal("From the argument.", run.GetProperty("prompt").GetProperty("system_prompt").GetString());
        Assert.Equal("async:" + prompt, run.GetProperty("response").GetString());
        Assert.Equal("async-agent", run.GetProperty("metadata").GetProperty("tcc.agent").GetString());
        Assert.False(run.TryGetProperty("conversational", out _));
        Assert.False(run.TryGetProperty("session_id", out _));
    }

    [Fact]
    public async Task FullInput_argument_is_sent_as_the_prompts_full_input_and_is_not_the_prompt()
    {
        string prompt = Unique("forward");
        string requestBody = """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}""";
        Assert.Equal("forward:" + prompt, await _program.CallAsync("Forward", prompt, requestBody));

        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(requestBody, run.GetProperty("prompt").GetProperty("full_input").GetString());
        Assert.Equal("raw-agent", run.GetProperty("metadata").GetProperty("tcc.agent").GetString());
    }

    [Fact]
    public async Task Null_FullInput_argument_is_left_out()
    {
        string prompt = Unique("forward-null");
        await _program.CallAsync("Forward", prompt, null);

        Assert.False((await _program.RunAsync(prompt)).GetProperty("prompt").TryGetProperty("full_input", out _));
    }

    [Fact]
    public async Task FullInput_argument_of_another_type_is_sent_by_its_ToString()
    {
        string prompt = Unique("inspect");
        Assert.Equal("inspect:" + prompt, await _program.CallAsync("Inspect", prompt));

        Assert.Equal("order 42", (await _program.RunAsync(prompt)).GetProperty("prompt").GetProperty("full_input").GetString());
    }

    [Fact]
    public async Task Async_method_that_throws_is_recorded_as_an_error_and_rethrown()
    {
        string prompt = Unique("error-self");
        Assert.Equal("InvalidOperationException|thrown after", await _program.CallAsync("AskThrows", prompt));

        // The implementation errored the run itself: the wrapper leaves its message alone.
        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(2, run.GetProperty("status_code").GetInt32());
        Assert.Equal("recorded by the implementation", run.GetProperty("status_message").GetString());
    }

    [Fact]
    public async Task Implementation_that_ends_the_run_itself_is_not_ended_twice()
    {
        string prompt = Unique("end-self");
        Assert.Equal("async:" + prompt, await _program.CallAsync("Ask", prompt, null, null));

        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(0, run.GetProperty("status_code").GetInt32());
        Assert.Equal("ended by the implementation", run.GetProperty("response").GetString());
    }

    [Fact]
    public async Task Cancellation_is_recorded_as_canceled()
    {
        string prompt = Unique("cancel");
        Assert.Equal("TaskCanceledException", await _program.CallAsync("AskCanceled", prompt));

        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(2, run.GetProperty("status_code").GetInt32());
        Assert.Equal("canceled", run.GetProperty("status_message").GetString());
    }

    [Theory]
    [InlineData("Count", "5", true)]
    [InlineData("Lookup", "order 5", true)]
    [InlineData("Fire", null, false)]
    [InlineData("Log", null, false)]
    [InlineData("Do", null, false)]
    public async Task Response_follows_the_return_type(string driver, string? expectedResponse, bool hasResponse)
    {
        // Count and Lookup report the prompt's length: five characters, unique enough to find the run.
        string prompt = driver is "Count" or "Lookup" ? RandomFive() : Unique(driver);
        await _program.CallAsync(driver, prompt);

        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(0, run.GetProperty("status_code").GetInt32());
        Assert.Equal(hasResponse, run.TryGetProperty("response", out JsonElement response));
        if (hasResponse)
        {
            Assert.Equal(expectedResponse, response.GetString());
        }
    }

    [Fact]
    public async Task Failed_task_is_recorded_and_the_exception_reaches_the_caller()
    {
        string prompt = "throw " + Guid.NewGuid().ToString("N");
        Assert.Equal("timeout:slow", await _program.CallAsync("Do", prompt));

        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(2, run.GetProperty("status_code").GetInt32());
        Assert.Equal("slow", run.GetProperty("status_message").GetString());
    }

    [Fact]
    public async Task Async_stream_passes_chunks_through_and_records_their_concatenation()
    {
        string prompt = "tell me a story " + Guid.NewGuid().ToString("N");
        string seen = await _program.CallAsync("Stream", prompt);

        Assert.StartsWith("[tell][ me][ a][ story]", seen);
        Assert.DoesNotContain("caller saw the run", seen);
        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(0, run.GetProperty("status_code").GetInt32());
        Assert.Equal(prompt, run.GetProperty("response").GetString());
        Assert.Equal("streamer", run.GetProperty("metadata").GetProperty("tcc.agent").GetString());
    }

    [Fact]
    public async Task The_implementation_sees_the_run_across_every_yield()
    {
        string prompt = "one two three " + Guid.NewGuid().ToString("N");
        await _program.CallAsync("Stream", prompt);

        string runId = (await _program.RunAsync(prompt)).GetProperty("run_id").GetString()!;
        string trace = await _program.CallAsync("Trace");
        Assert.Equal(4, trace.Split(',').Count(entry => entry == "chunk=" + runId));
    }

    [Fact]
    public async Task Stream_disposed_early_ends_the_run_with_the_chunks_received()
    {
        string prompt = "alpha beta gamma delta " + Guid.NewGuid().ToString("N");
        Assert.Equal("2", await _program.CallAsync("StreamTwo", prompt));

        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(0, run.GetProperty("status_code").GetInt32());
        Assert.Equal("alpha beta", run.GetProperty("response").GetString());
    }

    [Fact]
    public async Task Stream_that_throws_records_an_error_with_what_was_yielded()
    {
        string prompt = "before the fail after " + Guid.NewGuid().ToString("N");
        Assert.Equal("before the|stream broke", await _program.CallAsync("StreamThrows", prompt));

        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(2, run.GetProperty("status_code").GetInt32());
        Assert.Equal("stream broke", run.GetProperty("status_message").GetString());
        Assert.Equal("before the", run.GetProperty("response").GetString());
    }

    [Fact]
    public async Task WithCancellation_flows_into_the_implementation_and_is_recorded_as_canceled()
    {
        string prompt = "first second third " + Guid.NewGuid().ToString("N");
        Assert.Equal("canceled", await _program.CallAsync("StreamCanceled", prompt));

        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(2, run.GetProperty("status_code").GetInt32());
        Assert.Equal("canceled", run.GetProperty("status_message").GetString());
        Assert.Equal("first", run.GetProperty("response").GetString());
    }

    [Fact]
    public async Task A_stream_never_enumerated_creates_no_run_and_each_enumeration_is_its_own_run()
    {
        string never = "never " + Guid.NewGuid().ToString("N");
        Assert.Equal("created", await _program.CallAsync("StreamNeverEnumerated", never));
        string twice = "twice " + Guid.NewGuid().ToString("N");
        await _program.CallAsync("StreamTwice", twice);

        Assert.Empty(await _program.RunsAsync(never));
        JsonElement[] runs = await _program.RunsAsync(twice);
        Assert.Equal(2, runs.Length);
        Assert.NotEqual(runs[0].GetProperty("run_id").GetString(), runs[1].GetProperty("run_id").GetString());
    }

    [Fact]
    public async Task Sync_stream_records_completion_errors_and_early_exit()
    {
        string whole = "a b c " + Guid.NewGuid().ToString("N");
        string failing = "x fail y " + Guid.NewGuid().ToString("N");
        string first = "only first " + Guid.NewGuid().ToString("N");

        Assert.StartsWith("a;b;c;", await _program.CallAsync("Lines", whole));
        Assert.Equal("x;|bad line", await _program.CallAsync("LinesThrows", failing));
        Assert.Equal("only;", await _program.CallAsync("LinesFirst", first));

        JsonElement completed = await _program.RunAsync(whole);
        Assert.Equal(0, completed.GetProperty("status_code").GetInt32());
        Assert.StartsWith("a;b;c;", completed.GetProperty("response").GetString());
        JsonElement failed = await _program.RunAsync(failing);
        Assert.Equal(2, failed.GetProperty("status_code").GetInt32());
        Assert.Equal("x;", failed.GetProperty("response").GetString());
        JsonElement stopped = await _program.RunAsync(first);
        Assert.Equal(0, stopped.GetProperty("status_code").GetInt32());
        Assert.Equal("only;", stopped.GetProperty("response").GetString());
    }

    [Fact]
    public async Task Nested_tracked_calls_nest_and_restore_the_outer_run()
    {
        string prompt = Unique("outer");
        string result = await _program.CallAsync("Outer", prompt);

        Assert.Equal("outer(inner)|after=none", result);
        string outerId = (await _program.RunAsync(prompt)).GetProperty("run_id").GetString()!;
        string innerId = (await _program.RunAsync("inner of " + prompt)).GetProperty("run_id").GetString()!;
        Assert.NotEqual(outerId, innerId);
        string trace = await _program.CallAsync("Trace");
        Assert.Contains($"outer-before={outerId},inner={innerId},outer-after={outerId}", trace);
    }

    [Theory]
    [InlineData("Echo", "2.5")]
    [InlineData("Join", "a+b+c")]
    [InlineData("Struct", "struct:")]
    [InlineData("Record", "rec:")]
    [InlineData("Box", "box:00000000-0000-0000-0000-000000000000")]
    [InlineData("Nested", "hello:")]
    public async Task Generic_params_struct_record_generic_type_and_nested_members_are_wrapped(string driver, string responseStart)
    {
        string prompt = Unique(driver);
        string result = await _program.CallAsync(driver, prompt);

        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(0, run.GetProperty("status_code").GetInt32());
        Assert.StartsWith(responseStart, run.GetProperty("response").GetString());
        Assert.Equal(result, run.GetProperty("response").GetString());
    }

    [Theory]
    [InlineData("StructStream", "struct:STRUCTSTREAM ")]
    [InlineData("ExtensionStream", "1.5;2.5;")]
    [InlineData("RunStream", "the run it was given is current")]
    public async Task Streams_of_generic_struct_extension_and_run_taking_methods_are_wrapped(string driver, string response)
    {
        string prompt = Unique(driver);
        string result = await _program.CallAsync(driver, prompt);

        Assert.StartsWith(response, result);
        JsonElement run = await _program.RunAsync(prompt);
        Assert.Equal(0, run.GetProperty("status_code").GetInt32());
        Assert.Equal(result, run.GetProperty("response").GetString());
        if (driver == "StructStream")
        {
            Assert.Equal("Pro", run.GetProperty("metadata").GetProperty("tag").GetString());
        }
    }

    [Fact]
    public async Task Metadata_of_generic_and_params_methods_is_formatted()
    {
        string echo = Unique("echo");
        string join = Unique("join");
        await _program.CallAsync("Echo", echo);
        await _program.CallAsync("Join", join);

        Assert.Equal("2.5", (await _program.RunAsync(echo)).GetProperty("metadata").GetProperty("value").GetString());
        Assert.Equal("first", (await _program.RunAsync(join)).GetProperty("metadata").GetProperty("first").GetString());
    }

    private static string Unique(string label) => label + " " + Guid.NewGuid().ToString("N");

    private static string RandomFive() => Guid.NewGuid().ToString("N")[..5];
}
