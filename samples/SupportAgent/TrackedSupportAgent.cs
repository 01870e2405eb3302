using System.Runtime.CompilerServices;
using ContextCompany;

namespace SupportAgent;

/// <summary>
/// The same support agent with <see cref="TrackedAgentAttribute"/>: each entry point is a partial
/// declaration, and the ContextCompany source generator writes the body that creates the run, fills it
/// from the parameters, calls the implementation (<c>...Core</c>) and ends the run, or records the
/// exception. Sync, async and streaming entry points.
/// </summary>
public sealed partial class TrackedSupportAgent
{
    private readonly FakeModel _model = new();

    /// <summary>Sorts an incoming message into a queue (sync).</summary>
    [TrackedAgent("support-agent")]
    public partial string Classify([Prompt] string message, [Metadata(TccMetadataKeys.UserId)] string userId);

    /// <summary>Answers a weather question (async), recording a model step and a tool call on the run.</summary>
    [TrackedAgent("support-agent", Conversational = true, SystemPrompt = "You are a helpful weather agent.")]
    public partial Task<string> AnswerAsync(
        [Prompt] string question,
        [SessionId] string sessionId,
        [Metadata(TccMetadataKeys.UserId)] string userId,
        [Metadata(TccMetadataKeys.UserName)] string userName,
        CancellationToken cancellationToken = default);

    /// <summary>Streams an answer word by word; the run ends when the stream does.</summary>
    [TrackedAgent("support-agent")]
    public partial IAsyncEnumerable<string> StreamAnswerAsync(string question, CancellationToken cancellationToken = default);

    private string ClassifyCore(string message, string userId)
    {
        RunLog.Begin(AgentRun.Current!.RunId, "tracked", message); // the wrapper's run, seen from inside the call
        return message.Contains("refund", StringComparison.OrdinalIgnoreCase) ? "billing" : "weather";
    }

    // Takes the run as its first parameter to add steps and tool calls to it.
    private async Task<string> AnswerCoreAsync(AgentRun run, string question, string sessionId, string userId, string userName, CancellationToken cancellationToken)
    {
        RunLog.Begin(run.RunId, "tracked", question);
        await Task.Delay(10, cancellationToken); // the "network" of the fake model
        ModelReply plan = _model.Plan(question);
        RunLog.Step(run.RunId);
        run.Step().Prompt(question).Response(plan.Text).Model(FakeModel.Name).FinishReason(plan.FinishReason)
            .Tokens(promptUncached: plan.PromptTokens, completion: plan.CompletionTokens).Cost(plan.Cost).End();
        if (plan.ToolCity is not { } city)
        {
            return plan.Text;
        }

        WeatherReport report = WeatherTool.Lookup(city);
        RunLog.ToolCall(run.RunId);
        run.ToolCall(WeatherTool.Name)
            .Args(new WeatherQuery(city), WeatherJson.Default.WeatherQuery)
            .Result(report, WeatherJson.Default.WeatherReport)
            .End();
        return _model.Answer(question, city, report).Text;
    }

    private async IAsyncEnumerable<string> StreamAnswerCoreAsync(string question, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        RunLog.Begin(AgentRun.Current!.RunId, "stream", question);
        ModelReply plan = _model.Plan(question);
        string answer = plan.ToolCity is { } city ? _model.Answer(question, city, WeatherTool.Lookup(city)).Text : plan.Text;
        string[] words = answer.Split(' ');
        for (int i = 0; i < words.Length; i++)
        {
            await Task.Delay(5, cancellationToken); // tokens arrive one by one
            yield return i == 0 ? words[i] : " " + words[i];
        }
    }
}
