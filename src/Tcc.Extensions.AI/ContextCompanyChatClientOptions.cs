using System;

namespace ContextCompany.Extensions.AI;

/// <summary>How <see cref="ContextCompanyChatClient"/> records chat calls; set through the configure delegate of <c>UseContextCompany</c>.</summary>
public sealed class ContextCompanyChatClientOptions
{
    private TimeSpan _unansweredToolCallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether a chat call made when no run is current (<see cref="AgentRun.Current"/> is null) records a run of its
    /// own: prompt = the last user message, response = the final text, its steps and tool calls as children.
    /// Default true; when false, such calls are not recorded.
    /// </summary>
    public bool StartRuns { get; set; } = true;

    /// <summary>
    /// Whether prompts, responses, tool arguments and tool results are sent to the service. Default true. When
    /// false they are sent as empty strings (the service requires a step's prompt and response), and models,
    /// tokens, finish reasons, tool names, timings and statuses are still recorded.
    /// </summary>
    public bool CaptureMessageContent { get; set; } = true;

    /// <summary>
    /// Transforms every captured text (a step's prompt and response, a run's prompt and response, a tool call's
    /// arguments and result) before it is recorded, for example to redact personal data. Called on the chat
    /// call's flow; it must not throw. Null (default) records the text unchanged.
    /// </summary>
    public Func<string, string>? TransformContent { get; set; }

    /// <summary>The agent name (<c>tcc.agent</c>) of the runs this client starts; null leaves it out.</summary>
    public string? AgentName { get; set; }

    /// <summary>The client that records; null (default) uses <see cref="Tcc.Client"/>, read at each call.</summary>
    public TccClient? Client { get; set; }

    /// <summary>
    /// When the client stands inside <c>UseFunctionInvocation()</c>, how long a model round's tool calls may wait for
    /// their results (the next round's request) before they end as errors and a run this client started ends.
    /// Default 5 minutes; it bounds how long a run whose loop stopped (a terminated loop, a caller that never
    /// continues) stays open: the run ends as an error (status 2) with the last model response.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan UnansweredToolCallTimeout
    {
        get => _unansweredToolCallTimeout;
        set
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "[TCC] UnansweredToolCallTimeout must be positive.");
            }

            _unansweredToolCallTimeout = value;
        }
    }

    /// <summary>The clock of <see cref="UnansweredToolCallTimeout"/>; tests replace it to expire rounds without waiting.</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
