namespace ContextCompany;

/// <summary>
/// Options of <see cref="ContextCompanyAgent"/>, set in the delegate of
/// <c>AIAgentBuilder.UseContextCompany(...)</c>. They are read once, when the agent is built.
/// </summary>
public sealed class ContextCompanyAgentOptions
{
    /// <summary>
    /// The agent name sent as <c>tcc.agent</c> (<see cref="TccMetadataKeys.Agent"/>). Null (the default):
    /// the wrapped agent's <c>Name</c>, when it has one. A dashboard route name such as <c>"runs"</c> is
    /// refused here, as the <c>[TrackedAgent]</c> analyzer refuses it at compile time.
    /// </summary>
    public string? AgentName { get; set; }

    /// <summary>The client that records the runs. Null (the default): <see cref="Tcc.Client"/>, read at each run.</summary>
    public TccClient? Client { get; set; }

    /// <summary>
    /// Whether the run's prompt, system prompt and response are recorded (default true). When false, the
    /// prompt is recorded as an empty string (the service requires one) and no system prompt or response is
    /// recorded; the agent name, session, status and the run's steps and tool calls still are.
    /// </summary>
    public bool CaptureContent { get; set; } = true;
}
