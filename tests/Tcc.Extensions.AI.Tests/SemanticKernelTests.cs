using System.ComponentModel;
using System.Text.Json;
using ContextCompany.Extensions.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Xunit;
using static ContextCompany.Extensions.AI.Tests.Infrastructure.Recorded;

namespace ContextCompany.Extensions.AI.Tests;

/// <summary>
/// A Semantic Kernel whose chat completion is an <see cref="IChatClient"/> wrapped with <c>UseContextCompany()</c>,
/// a plugin function and automatic function calling: Semantic Kernel's function-invoking loop
/// (<c>UseKernelFunctionInvocation()</c>, a <see cref="FunctionInvokingChatClient"/>) runs outside the ContextCompany
/// client, so each model round is a step and the plugin's invocation a tool call, all on one run.
/// </summary>
public sealed class SemanticKernelTests
{
    private const string Question = "What is the weather in London?";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_kernel_prompt_with_automatic_function_calling_is_one_run_with_its_steps_and_tool_call(bool streaming)
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        FakeWeatherModel model = new();
        IKernelBuilder builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(model.AsBuilder().UseKernelFunctionInvocation().UseContextCompany(o =>
        {
            o.Client = recorder.Client;
            o.AgentName = "weather-agent";
        }).Build());
        builder.Plugins.AddFromType<WeatherPlugin>("Weather");
        Kernel kernel = builder.Build();
        KernelArguments arguments = new(new PromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() });

        string answer;
        if (streaming)
        {
            List<string> chunks = [];
            await foreach (StreamingKernelContent chunk in kernel.InvokePromptStreamingAsync(Question, arguments))
            {
                chunks.Add(chunk.ToString());
            }

            answer = string.Concat(chunks);
        }
        else
        {
            answer = (await kernel.InvokePromptAsync(Question, arguments)).ToString();
        }

        Assert.Equal(FakeWeatherModel.Answer, answer);
        Assert.Equal(2, model.Calls);
        Recorded recorded = await recorder.ReceivedAsync();
        JsonElement run = Assert.Single(recorded.Runs);
        string runId = Text(run, "run_id");
        Assert.Equal(Question, Text(run.GetProperty("prompt"), "user_prompt"));
        Assert.Equal(FakeWeatherModel.Answer, Text(run, "response"));
        Assert.Equal("weather-agent", Text(run.GetProperty("metadata"), "tcc.agent"));
        Assert.Equal(0, Number(run, "status_code"));

        Assert.Equal(2, recorded.Steps.Count);
        Assert.All(recorded.Steps, s => Assert.Equal(runId, Text(s, "run_id")));
        Assert.Equal(["tool_calls", "stop"], recorded.Steps.Select(s => Text(s, "finish_reason")));
        Assert.All(recorded.Steps, s => Assert.Contains("\"name\":\"Weather_get_weather\"", Text(s, "tool_definitions"), StringComparison.Ordinal));
        Assert.Equal(FakeWeatherModel.Answer, Text(recorded.Steps[1], "response"));
        Assert.Equal(streaming, Has(recorded.Steps[1], "ttft_ms"));

        JsonElement tool = Assert.Single(recorded.ToolCalls);
        Assert.Equal(runId, Text(tool, "run_id"));
        Assert.Equal("Weather_get_weather", Text(tool, "tool_name"));
        Assert.Equal(FakeWeatherModel.CallIdFor(Question), Text(tool, "tool_call_id"));
        Assert.Equal("""{"city":"London"}""", Text(tool, "args"));
        Assert.Equal("\"15°C and cloudy\"", Text(tool, "result"));
        Assert.Equal(0, Number(tool, "status_code"));
    }

    public sealed class WeatherPlugin
    {
        [KernelFunction("get_weather"), Description("Current weather of a city")]
        public string GetWeather(string city) => city == "London" ? "15°C and cloudy" : "unknown";
    }
}
