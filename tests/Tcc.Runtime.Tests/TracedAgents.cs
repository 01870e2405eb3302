namespace ContextCompany.Tests;

/// <summary>Tracked agents for the Activity tests: nested calls, a step and a tool call, a failure.</summary>
public sealed partial class TracedAgents
{
    [TrackedAgent("outer-agent")]
    public partial Task<string> OuterAsync([Prompt] string question, [SessionId] string sessionId);

    [TrackedAgent("inner-agent")]
    public partial Task<string> InnerAsync(string question);

    [TrackedAgent("failing-agent")]
    public partial Task<string> FailAsync(string question);

    private async Task<string> OuterCoreAsync(AgentRun run, string question, string sessionId)
    {
        string inner = await InnerAsync("sub: " + question);
        run.ToolCall("lookup").Args("{}").Result("{}").End();
        return "outer(" + inner + ")";
    }

    private async Task<string> InnerCoreAsync(AgentRun run, string question)
    {
        await Task.Yield();
        run.Step().Prompt(question).Response("inner").Model("inner-model").End();
        return "inner(" + question + ")";
    }

    [TrackedAgent("stream-agent")]
    public partial IAsyncEnumerable<string> StreamAsync(string question, CancellationToken cancellationToken = default);

    private async IAsyncEnumerable<string> StreamCoreAsync(string question, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return "one ";
        await Task.Delay(1, cancellationToken);
        yield return "two";
    }

    private Task<string> FailCoreAsync(string question) => throw new InvalidOperationException("broken on purpose: " + question.Length);
}
