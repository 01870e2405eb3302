using System.Text.Json;
using ContextCompany.Extensions.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Xunit;
using static ContextCompany.Extensions.AI.Tests.Infrastructure.Recorded;

namespace ContextCompany.Extensions.AI.Tests;

/// <summary>
/// A question that needs one tool: the real FunctionInvokingChatClient makes two model rounds around one
/// function invocation. Recorded as one run, two steps and one tool call, in either order, plain or streamed.
/// </summary>
public sealed class TwoRoundConversationTests
{
    private const string Question = "What is the weather in London?";

    public static TheoryData<Order, bool> Orders => new()
    {
        { Order.InsideFunctionInvocation, false },
        { Order.InsideFunctionInvocation, true },
        { Order.OutsideFunctionInvocation, false },
        { Order.OutsideFunctionInvocation, true },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task One_user_call_is_one_run_with_two_steps_and_one_tool_call(Order order, bool streaming)
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        FakeWeatherModel model = new();
        IChatClient chat = Pipelines.Build(model, order, recorder.Client, o => o.AgentName = "weather-agent");

        string answer = await AskAsync(chat, streaming);

        Assert.Equal(FakeWeatherModel.Answer, answer);
        Assert.Equal(2, model.Calls);
        Recorded recorded = await recorder.ReceivedAsync();
        AssertConversation(recorded, order, streaming);
    }

    [Fact]
    public async Task Without_an_api_key_the_run_its_steps_and_tool_call_are_lines_of_the_local_file()
    {
        await using LocalRecorder recorder = new();
        IChatClient chat = Pipelines.Build(new FakeWeatherModel(), Order.InsideFunctionInvocation, recorder.Client, o => o.AgentName = "weather-agent");

        await AskAsync(chat, streaming: true);

        string[] lines = await recorder.LinesAsync();
        Assert.Equal(4, lines.Length);
        AssertConversation(new Recorded(lines.Select(l => JsonDocument.Parse(l).RootElement)), Order.InsideFunctionInvocation, streaming: true);
    }

    internal static async Task<string> AskAsync(IChatClient chat, bool streaming, string question = Question, ChatOptions? options = null)
    {
        options ??= Pipelines.WeatherOptions();
        if (!streaming)
        {
            return (await chat.GetResponseAsync(question, options)).Text;
        }

        List<ChatResponseUpdate> updates = new();
        await foreach (ChatResponseUpdate update in chat.GetStreamingResponseAsync(question, options))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse().Messages[^1].Text;
    }

    private static void AssertConversation(Recorded recorded, Order order, bool streaming)
    {
        JsonElement run = Assert.Single(recorded.Runs);
        Assert.Equal(2, recorded.Steps.Count);
        JsonElement tool = Assert.Single(recorded.ToolCalls);
        string runId = Text(run, "run_id");

        // The run: the user's question, the final answer, the agent name.
        Assert.Equal(["end_time", "metadata", "prompt", "response", "run_id", "start_time", "status_code", "type"], Members(run));
        Assert.Equal(Question, Text(run.GetProperty("prompt"), "user_prompt"));
        Assert.Equal(FakeWeatherModel.Answer, Text(run, "response"));
        Assert.Equal("weather-agent", Text(run.GetProperty("metadata"), "tcc.agent"));
        Assert.Equal(0, Number(run, "status_code"));

        JsonElement toolRound = recorded.Steps.Single(s => Has(s, "finish_reason") && Text(s, "finish_reason") == "tool_calls"
            || !Has(s, "finish_reason"));
        JsonElement answerRound = recorded.Steps.Single(s => Has(s, "finish_reason") && Text(s, "finish_reason") == "stop");
        Assert.All(recorded.Steps, s => Assert.Equal(runId, Text(s, "run_id")));
        Assert.All(recorded.Steps, s => Assert.Equal(0, Number(s, "status_code")));
        Assert.All(recorded.Steps, s => Assert.Equal(FakeWeatherModel.Model, Text(s, "model_requested")));
        Assert.All(recorded.Steps, s => Assert.Equal(
            """[{"type":"function","name":"get_weather","description":"Current weather of a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]""",
            Text(s, "tool_definitions")));

        // Round 1: the instructions and the question; the model asks for the tool.
        string callId = FakeWeatherModel.CallIdFor(Question);
        Assert.Equal(
            """[{"role":"system","parts":[{"type":"text","content":"You are a weather agent."}]},{"role":"user","parts":[{"type":"text","content":"What is the weather in London?"}]}]""",
            Text(toolRound, "prompt"));
        Assert.Equal($$$"""[{"id":"{{{callId}}}","name":"get_weather","arguments":{"city":"London"}}]""", Text(toolRound, "response"));

        // Round 2: the conversation so far, with the call and its result; the model answers.
        Assert.Equal(
            $$$"""[{"role":"system","parts":[{"type":"text","content":"You are a weather agent."}]},{"role":"user","parts":[{"type":"text","content":"What is the weather in London?"}]},{"role":"assistant","parts":[{"type":"tool_call","id":"{{{callId}}}","name":"get_weather","arguments":{"city":"London"}}]},{"role":"tool","parts":[{"type":"tool_call_response","id":"{{{callId}}}","response":{"city":"London","temperature":15,"sky":"cloudy"}}]}]""",
            Text(answerRound, "prompt"));
        Assert.Equal(FakeWeatherModel.Answer, Text(answerRound, "response"));
        Assert.Equal(FakeWeatherModel.ModelVersion, Text(answerRound, "model_used"));
        Assert.Equal(streaming, Has(answerRound, "ttft_ms"));
        Assert.Equal(streaming, Has(toolRound, "ttft_ms"));

        bool exactRounds = order == Order.InsideFunctionInvocation || streaming;
        if (exactRounds)
        {
            // Each round's own model, finish reason and tokens.
            Assert.Equal("tool_calls", Text(toolRound, "finish_reason"));
            Assert.Equal(FakeWeatherModel.ModelVersion, Text(toolRound, "model_used"));
            Assert.Equal(100, Number(toolRound, "prompt_uncached_tokens"));
            Assert.Equal(20, Number(toolRound, "prompt_cached_tokens"));
            Assert.Equal(15, Number(toolRound, "completion_tokens"));
            Assert.Equal(80, Number(answerRound, "prompt_uncached_tokens"));
            Assert.Equal(100, Number(answerRound, "prompt_cached_tokens"));
            Assert.Equal(12, Number(answerRound, "completion_tokens"));
        }
        else
        {
            // Around the loop without streaming, the loop returns only the sum of its rounds' usage: the last step
            // carries it and the first has none (nor a model or finish reason the loop did not return).
            Assert.False(Has(toolRound, "prompt_uncached_tokens") || Has(toolRound, "completion_tokens") || Has(toolRound, "model_used"));
            Assert.Equal(180, Number(answerRound, "prompt_uncached_tokens"));
            Assert.Equal(120, Number(answerRound, "prompt_cached_tokens"));
            Assert.Equal(27, Number(answerRound, "completion_tokens"));
        }

        // The tool call: the model's id, its name, arguments and result as JSON text.
        Assert.Equal(["args", "end_time", "result", "run_id", "start_time", "status_code", "tool_call_id", "tool_name", "type"], Members(tool));
        Assert.Equal(runId, Text(tool, "run_id"));
        Assert.Equal(callId, Text(tool, "tool_call_id"));
        Assert.Equal("get_weather", Text(tool, "tool_name"));
        Assert.Equal("""{"city":"London"}""", Text(tool, "args"));
        Assert.Equal("""{"city":"London","temperature":15,"sky":"cloudy"}""", Text(tool, "result"));
        Assert.Equal(0, Number(tool, "status_code"));

        // Times nest: the run spans its children; the tool ran between the rounds.
        Assert.True(string.CompareOrdinal(Text(run, "start_time"), Text(toolRound, "start_time")) <= 0);
        Assert.True(string.CompareOrdinal(Text(toolRound, "end_time"), Text(tool, "start_time")) <= 0);
        Assert.True(string.CompareOrdinal(Text(tool, "end_time"), Text(answerRound, "end_time")) <= 0);
        Assert.True(string.CompareOrdinal(Text(answerRound, "end_time"), Text(run, "end_time")) <= 0);
    }
}
