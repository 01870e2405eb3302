using ContextCompany;
using SupportAgent;

namespace SupportAgent.Web;

/// <summary>
/// The support agent of the API: one tracked run per chat message, with a model step and, when the
/// question names a city, a weather tool call. The caller chooses the run id, so it can return it to
/// the client for feedback.
/// </summary>
public sealed partial class ChatAgent
{
    private readonly FakeModel _model = new();

    /// <summary>Answers one chat message.</summary>
    [TrackedAgent("support-agent", Conversational = true, SystemPrompt = "You are a helpful weather agent.")]
    public partial Task<string> AnswerAsync(
        [Prompt] string message,
        [RunId] string runId,
        [SessionId] string? sessionId,
        [Metadata(TccMetadataKeys.UserId)] string? userId,
        CancellationToken cancellationToken);

    private async Task<string> AnswerCoreAsync(AgentRun run, string message, string runId, string? sessionId, string? userId, CancellationToken cancellationToken)
    {
        await Task.Delay(5, cancellationToken); // the "network" of the fake model
        ModelReply plan = _model.Plan(message);
        run.Step().Prompt(message).Response(plan.Text).Model(FakeModel.Name, FakeModel.Name).FinishReason(plan.FinishReason)
            .Tokens(promptUncached: plan.PromptTokens, completion: plan.CompletionTokens).Cost(plan.Cost).End();
        if (plan.ToolCity is not { } city)
        {
            return plan.Text;
        }

        ToolCall tool = run.ToolCall(WeatherTool.Name).Args(new WeatherQuery(city), WeatherJson.Default.WeatherQuery);
        WeatherReport report;
        try
        {
            report = WeatherTool.Lookup(city);
        }
        catch (HttpRequestException ex)
        {
            tool.Error(ex.Message);
            return $"Sorry, I could not get the weather for {city}.";
        }

        tool.Result(report, WeatherJson.Default.WeatherReport).End();
        return _model.Answer(message, city, report).Text;
    }
}
