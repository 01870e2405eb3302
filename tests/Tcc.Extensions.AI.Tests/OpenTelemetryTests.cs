using System.Diagnostics;
using System.Text.Json;
using ContextCompany.Extensions.AI.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Xunit;
using static ContextCompany.Extensions.AI.Tests.Infrastructure.Recorded;

namespace ContextCompany.Extensions.AI.Tests;

/// <summary>
/// <c>UseOpenTelemetry()</c> (Microsoft.Extensions.AI's OpenTelemetryChatClient) nearer the model than
/// <c>UseContextCompany()</c>, with the OpenTelemetry SDK listening to both sources: one trace, each record once,
/// and the parents the README describes.
/// </summary>
public sealed class OpenTelemetryTests
{
    public static TheoryData<Order, bool> Orders => TwoRoundConversationTests.Orders;

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task With_UseOpenTelemetry_both_sources_record_in_one_trace_with_the_documented_parents(Order order, bool streaming)
    {
        await using ServerRecorder recorder = await ServerRecorder.StartAsync();
        using TraceCapture trace = new();
        ChatClientBuilder builder = new FakeWeatherModel().AsBuilder();
        void Options(ContextCompanyChatClientOptions o) => o.Client = recorder.Client;
        IChatClient chat = (order == Order.InsideFunctionInvocation
            ? builder.UseFunctionInvocation().UseContextCompany(Options)
            : builder.UseContextCompany(Options).UseFunctionInvocation())
            .UseOpenTelemetry(sourceName: TraceCapture.ChatSourceName)
            .Build();

        using (trace.StartRoot())
        {
            await TwoRoundConversationTests.AskAsync(chat, streaming);
        }

        string runId = Text(Assert.Single((await recorder.ReceivedAsync()).Runs), "run_id");
        string tree = trace.Tree();
        IReadOnlyList<Activity> spans = trace.Spans;
        // Ours carry the run id. Microsoft.Extensions.AI's are the rest, on its source, except that its function-invoking
        // loop starts its execute_tool span on the source of an invoke_agent span that is current (ours, around the loop).
        Activity[] ours = spans.Where(s => s.Source.Name == Tcc.ActivitySourceName && s.GetTagItem("tcc.run_id") is not null).ToArray();
        Activity[] theirs = spans.Except(ours).ToArray();
        Assert.All(theirs, s => Assert.Equal(
            order == Order.OutsideFunctionInvocation && s.DisplayName.StartsWith("execute_tool", StringComparison.Ordinal) ? Tcc.ActivitySourceName : TraceCapture.ChatSourceName,
            s.Source.Name));

        // Ours: one run, a chat per model round and one tool call, each once, all children of the run.
        Activity run = Assert.Single(ours, s => s.DisplayName == "invoke_agent");
        Assert.Equal(runId, run.GetTagItem("tcc.run_id"));
        Activity[] ourChats = ours.Where(s => s.DisplayName == "chat " + FakeWeatherModel.Model).ToArray();
        Assert.True(ourChats.Length == 2, tree);
        Activity ourTool = Assert.Single(ours, s => s.DisplayName == "execute_tool get_weather");
        Assert.Equal(4, ours.Length);
        Assert.All(ourChats.Append(ourTool), s => Assert.Equal(run.SpanId, s.ParentSpanId));

        // Theirs: a chat span per model round, and the function-invoking loop's execute_tool span.
        Activity[] theirChats = theirs.Where(s => s.DisplayName == "chat " + FakeWeatherModel.Model).ToArray();
        Assert.True(theirChats.Length == 2, tree);
        Activity theirTool = Assert.Single(theirs, s => s.DisplayName == "execute_tool get_weather");

        if (order == Order.InsideFunctionInvocation)
        {
            // The loop's orchestrate_tools span is the outermost; the run starts inside it; each of our round steps is
            // the parent of that round's chat span; the loop's execute_tool span is the run's sibling.
            Activity orchestrate = Assert.Single(theirs, s => s.DisplayName == "orchestrate_tools");
            Assert.Equal(trace.Root.SpanId, orchestrate.ParentSpanId);
            Assert.Equal(orchestrate.SpanId, run.ParentSpanId);
            Assert.All(theirChats, c => Assert.Contains(ourChats, s => s.SpanId == c.ParentSpanId));
            Assert.NotEqual(theirChats[0].ParentSpanId, theirChats[1].ParentSpanId);
            Assert.Equal(orchestrate.SpanId, theirTool.ParentSpanId);
            Assert.Equal(4, theirs.Length);
        }
        else
        {
            // The run is the outermost, and the loop's spans are its children, beside our steps and tool call (the loop
            // makes no orchestrate_tools span under an invoke_agent span).
            Assert.Equal(trace.Root.SpanId, run.ParentSpanId);
            Assert.All(theirChats.Append(theirTool), s => Assert.Equal(run.SpanId, s.ParentSpanId));
            Assert.Equal(3, theirs.Length);
        }
    }
}
