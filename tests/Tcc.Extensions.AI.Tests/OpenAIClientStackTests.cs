using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContextCompany.Extensions.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using OpenAI;
using Xunit;
using static ContextCompany.Extensions.AI.Tests.Infrastructure.Recorded;

namespace ContextCompany.Extensions.AI.Tests;

/// <summary>
/// The real OpenAI client stack (OpenAI's <c>ChatClient</c> through <c>Microsoft.Extensions.AI.OpenAI</c>) against a
/// chat-completions server on 127.0.0.1: the model, finish-reason and token mapping on a provider's real types.
/// </summary>
public sealed class OpenAIClientStackTests
{
    private const string Model = "gpt-4o-mini";
    private const string Question = "What is the weather in London?";

    public static TheoryData<Order, bool> Orders => TwoRoundConversationTests.Orders;

    public static TheoryData<bool> Streaming => new() { false, true };

    internal static IChatClient OpenAIModel(ChatCompletionsServer server) =>
        new OpenAI.Chat.ChatClient(Model, new ApiKeyCredential("test"), new OpenAIClientOptions { Endpoint = server.Endpoint }).AsIChatClient();

    [Theory]
    [MemberData(nameof(Streaming))]
    public async Task A_plain_answer_is_one_step_with_the_providers_model_finish_reason_and_tokens(bool streaming)
    {
        await using ChatCompletionsServer openAI = await ChatCompletionsServer.StartAsync();
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        IChatClient chat = Pipelines.Build(OpenAIModel(openAI), Order.InsideFunctionInvocation, recorder.Client);

        string answer = await TwoRoundConversationTests.AskAsync(chat, streaming, Question, new ChatOptions());

        Assert.Equal(FakeWeatherModel.Answer, answer);
        Recorded recorded = await recorder.ReceivedAsync();
        JsonElement run = Assert.Single(recorded.Runs);
        JsonElement step = Assert.Single(recorded.Steps);
        Assert.Empty(recorded.ToolCalls);
        Assert.Equal(Text(run, "run_id"), Text(step, "run_id"));
        Assert.Equal(FakeWeatherModel.Answer, Text(run, "response"));
        Assert.Equal("""[{"role":"user","parts":[{"type":"text","content":"What is the weather in London?"}]}]""", Text(step, "prompt"));
        Assert.Equal(FakeWeatherModel.Answer, Text(step, "response"));
        Assert.Equal(Model, Text(step, "model_requested"));
        Assert.Equal(ChatCompletionsServer.ModelVersion, Text(step, "model_used"));
        Assert.Equal("stop", Text(step, "finish_reason"));
        AssertTokens(step, ChatCompletionsServer.UsageCounts.AnswerRound);
        Assert.Equal(streaming, Has(step, "ttft_ms"));
        Assert.False(Has(step, "tool_definitions"));

        // The OpenAI client asks for the usage chunk of a stream by itself; the server sent it only then.
        JsonObject request = Assert.Single(openAI.Requests);
        Assert.Equal(streaming, request["stream_options"]?["include_usage"]?.GetValue<bool>() == true);
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task A_tool_call_round_then_an_answer_is_one_run_with_two_steps_and_the_tool_call(Order order, bool streaming)
    {
        await using ChatCompletionsServer openAI = await ChatCompletionsServer.StartAsync();
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        IChatClient chat = Pipelines.Build(OpenAIModel(openAI), order, recorder.Client);

        string answer = await TwoRoundConversationTests.AskAsync(chat, streaming, Question);

        Assert.Equal(FakeWeatherModel.Answer, answer);
        Assert.Equal(2, openAI.Requests.Count);
        Recorded recorded = await recorder.ReceivedAsync();
        JsonElement run = Assert.Single(recorded.Runs);
        string runId = Text(run, "run_id");
        Assert.Equal(2, recorded.Steps.Count);
        JsonElement toolRound = recorded.Steps[0];
        JsonElement answerRound = recorded.Steps[1];
        Assert.All(recorded.Steps, s => Assert.Equal(runId, Text(s, "run_id")));
        Assert.All(recorded.Steps, s => Assert.Equal(Model, Text(s, "model_requested")));
        Assert.All(recorded.Steps, s => Assert.Equal(streaming, Has(s, "ttft_ms")));

        Assert.Equal($$$"""[{"id":"{{{ChatCompletionsServer.ToolCallId}}}","name":"get_weather","arguments":{"city":"London"}}]""", Text(toolRound, "response"));
        Assert.Equal(FakeWeatherModel.Answer, Text(answerRound, "response"));
        Assert.Equal(ChatCompletionsServer.ModelVersion, Text(answerRound, "model_used"));
        Assert.Equal("stop", Text(answerRound, "finish_reason"));
        if (order == Order.InsideFunctionInvocation || streaming)
        {
            Assert.Equal(ChatCompletionsServer.ModelVersion, Text(toolRound, "model_used"));
            Assert.Equal("tool_calls", Text(toolRound, "finish_reason"));
            AssertTokens(toolRound, ChatCompletionsServer.UsageCounts.ToolRound);
            AssertTokens(answerRound, ChatCompletionsServer.UsageCounts.AnswerRound);
        }
        else
        {
            // Around the loop without streaming, the loop returns the sum of the rounds' usage: the last step carries it.
            Assert.False(Has(toolRound, "completion_tokens"));
            AssertTokens(answerRound, new(300, 120, 27));
        }

        // The tool call: the provider's call id, the arguments the model streamed or sent whole, the function's result.
        JsonElement tool = Assert.Single(recorded.ToolCalls);
        Assert.Equal(runId, Text(tool, "run_id"));
        Assert.Equal(ChatCompletionsServer.ToolCallId, Text(tool, "tool_call_id"));
        Assert.Equal("get_weather", Text(tool, "tool_name"));
        Assert.Equal("""{"city":"London"}""", Text(tool, "args"));
        Assert.Equal("""{"city":"London","temperature":15,"sky":"cloudy"}""", Text(tool, "result"));
        Assert.Equal(0, Number(tool, "status_code"));

        // The second request carried the call and its result back to the service.
        JsonArray sent = openAI.Requests[1]["messages"]!.AsArray();
        Assert.Equal(ChatCompletionsServer.ToolCallId, (string?)sent[^1]!["tool_call_id"]);
    }

    private static void AssertTokens(JsonElement step, ChatCompletionsServer.UsageCounts usage)
    {
        Assert.Equal(usage.Cached, Number(step, "prompt_cached_tokens"));
        Assert.Equal(usage.Prompt - usage.Cached, Number(step, "prompt_uncached_tokens"));
        Assert.Equal(usage.Completion, Number(step, "completion_tokens"));
    }
}
