using ContextCompany;

namespace SupportAgent;

/// <summary>
/// A support agent that answers weather questions, recording each answer as a run with the SDK's
/// manual API, as on the Python SDK's agent-run page: prompt, steps (model calls), a tool call,
/// metadata with agent and user identity, response, end; or error when the tool fails.
/// </summary>
internal sealed class WeatherAgent(FakeModel model)
{
    private const string SystemPrompt = "You are a helpful weather agent.";

    public AgentRun LastRun { get; private set; } = null!;

    public string Answer(string question, string sessionId, Customer customer)
    {
        AgentRun r = Tcc.Run(sessionId: sessionId, conversational: true);
        LastRun = r;
        RunLog.Begin(r.RunId, "manual", question);
        r.Prompt(question, systemPrompt: SystemPrompt)
            .Metadata(
                (TccMetadataKeys.Agent, "support-agent"),
                (TccMetadataKeys.UserId, customer.Id),
                (TccMetadataKeys.UserName, customer.Name),
                (TccMetadataKeys.OrgId, customer.OrgId),
                (TccMetadataKeys.OrgName, customer.OrgName),
                ("plan", customer.Plan));

        try
        {
            ModelReply plan = Step(r, question, () => model.Plan(question));
            if (plan.ToolCity is not { } city)
            {
                r.Response(plan.Text).End();
                return plan.Text;
            }

            WeatherReport report = CallWeatherTool(r, city);
            ModelReply answer = Step(r, $"{question}\n[tool {WeatherTool.Name}] {report}", () => model.Answer(question, city, report));
            r.Response(answer.Text).End();
            return answer.Text;
        }
        catch (Exception e)
        {
            // Python: r.error(status_message=str(e)). The SDK redacts credentials from the message.
            r.Error(statusMessage: e.Message);
            throw;
        }
    }

    private static ModelReply Step(AgentRun r, string prompt, Func<ModelReply> call)
    {
        AgentStep step = r.Step().Prompt(prompt).Model(requested: FakeModel.Name, used: FakeModel.Name + "-2026-01");
        RunLog.Step(r.RunId);
        ModelReply reply = call();
        step.Response(reply.Text)
            .FinishReason(reply.FinishReason)
            .Tokens(promptUncached: reply.PromptTokens, promptCached: 0, completion: reply.CompletionTokens)
            .Cost(reply.Cost)
            .End();
        return reply;
    }

    private static WeatherReport CallWeatherTool(AgentRun r, string city)
    {
        ToolCall call = r.ToolCall(WeatherTool.Name).Args(new WeatherQuery(city), WeatherJson.Default.WeatherQuery);
        RunLog.ToolCall(r.RunId);
        try
        {
            WeatherReport report = WeatherTool.Lookup(city);
            call.Result(report, WeatherJson.Default.WeatherReport).End();
            return report;
        }
        catch (Exception e)
        {
            call.Error(e.Message);
            throw;
        }
    }
}

internal sealed record Customer(string Id, string Name, string OrgId, string OrgName, string Plan);
