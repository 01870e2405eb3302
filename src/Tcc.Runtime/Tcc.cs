using System;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Model;

namespace ContextCompany;

/// <summary>
/// The SDK's entry point, like the Python module (<c>import contextcompany as tcc</c>): runs, steps, tool
/// calls and feedback through one default <see cref="TccClient"/>.
/// </summary>
/// <remarks>
/// The default client is created at first use from the <c>TCC_*</c> environment variables, or by
/// <see cref="Configure(Action{TccOptions})"/>. A configuration error in the environment never throws from <see cref="Run"/>
/// or <c>End()</c>: it is reported once on standard error and nothing is sent. Without an API key, runs
/// are written to <c>./.tcc/runs.jsonl</c>. At process exit, queued runs are delivered for at most
/// <see cref="TccOptions.ShutdownTimeout"/>.
/// </remarks>
public static class Tcc
{
    /// <summary>
    /// The name of the <see cref="System.Diagnostics.ActivitySource"/> that runs (<c>invoke_agent</c>), steps
    /// (<c>chat</c>) and tool calls (<c>execute_tool</c>) are reported on, following the OpenTelemetry
    /// semantic conventions for generative AI. Add it to a tracer provider to see runs in any tracing
    /// backend: <c>tracing.AddSource(Tcc.ActivitySourceName)</c>. Without a listener, no Activity is created.
    /// </summary>
    public const string ActivitySourceName = Diagnostics.TccActivities.SourceName;

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> of the delivery counters: <c>metrics.AddMeter(Tcc.MeterName)</c>.</summary>
    public const string MeterName = Diagnostics.TccMetrics.MeterName;

    private static readonly object Gate = new();
    private static TccClient? s_default;

    /// <summary>The default client; created from the environment at first use.</summary>
    public static TccClient Client => Volatile.Read(ref s_default) ?? CreateDefault();

    /// <summary>
    /// The default client's delivery counters. Reading them does not create the default client, just as
    /// <see cref="FlushAsync"/> does not: before the first run or <c>Configure</c> call, every counter is 0.
    /// </summary>
    public static TccDeliveryStatistics Statistics => Volatile.Read(ref s_default)?.Statistics ?? TccDeliveryStatistics.None;

    /// <summary>Starts a run (Python <c>tcc.run(run_id=None, session_id=None, conversational=None)</c>).</summary>
    /// <param name="runId">A caller-chosen run id, else a new lowercase UUID v4.</param>
    /// <param name="sessionId">Groups runs into a session, for example a conversation.</param>
    /// <param name="conversational">True when the run was initiated by a user.</param>
    /// <returns>The new run; its start time is now (UTC).</returns>
    public static AgentRun Run(string? runId = null, string? sessionId = null, bool? conversational = null) =>
        Client.Run(runId, sessionId, conversational);

    /// <summary>Starts a step of the run <paramref name="runId"/> (Python <c>tcc.step(run_id)</c>).</summary>
    /// <param name="runId">The id of the run the step belongs to.</param>
    /// <param name="stepId">A caller-chosen step id, else a new UUID.</param>
    /// <returns>The new step.</returns>
    public static AgentStep Step(string runId, string? stepId = null) => Client.Step(runId, stepId);

    /// <summary>Starts a tool call of the run <paramref name="runId"/> (Python <c>tcc.tool_call(run_id)</c>).</summary>
    /// <param name="runId">The id of the run the tool call belongs to.</param>
    /// <param name="toolName">The tool's name, or null to set it later.</param>
    /// <param name="toolCallId">A caller-chosen id, else a new UUID.</param>
    /// <returns>The new tool call.</returns>
    public static ToolCall ToolCall(string runId, string? toolName = null, string? toolCallId = null) =>
        Client.ToolCall(runId, toolName, toolCallId);

    /// <summary>Submits end-user feedback for a run (Python <c>tcc.submit_feedback(run_id, score, text)</c>).</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="score">A thumbs rating, or null.</param>
    /// <param name="text">Written feedback of at most 2000 characters, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when the service accepted it (2xx); false when there is no API key, or on a network failure or another answer. Never throws for those.</returns>
    /// <exception cref="ArgumentException">Neither score nor text was given, or the text is longer than 2000 characters.</exception>
    public static Task<bool> SubmitFeedbackAsync(string runId, FeedbackScore? score = null, string? text = null, CancellationToken cancellationToken = default) =>
        Client.SubmitFeedbackAsync(runId, score, text, cancellationToken);

    /// <summary>Submits feedback whose score arrives as a string: <c>"thumbs_up"</c> or <c>"thumbs_down"</c> exactly, or null.</summary>
    /// <param name="runId">The run's id.</param>
    /// <param name="score"><c>"thumbs_up"</c>, <c>"thumbs_down"</c> or null.</param>
    /// <param name="text">Written feedback of at most 2000 characters, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when the service accepted it (2xx), else false.</returns>
    /// <exception cref="ArgumentException">The score is not one of the two values, neither score nor text was given, or the text is too long.</exception>
    public static Task<bool> SubmitFeedbackAsync(string runId, string? score, string? text = null, CancellationToken cancellationToken = default) =>
        Client.SubmitFeedbackAsync(runId, score, text, cancellationToken);

    /// <summary>
    /// Configures the default client explicitly (optional: otherwise the environment is read at first use)
    /// and returns it. The options start from the environment variables; <paramref name="configure"/>
    /// overrides them. Unlike the implicit configuration, an invalid one throws here. Call it at startup:
    /// runs created before are still delivered by the previous client, which is shut down in the background.
    /// </summary>
    /// <remarks>
    /// <c>Tcc.Configure()</c> and <c>Tcc.Configure(null)</c> configure from the environment alone, as
    /// <see cref="Configure(TccOptions)"/> does with null. <c>Configure(null)</c> binds to this overload with
    /// C# 13 or later; older compilers find it ambiguous: write <c>Tcc.Configure()</c> there.
    /// </remarks>
    /// <param name="configure">Overrides options read from the environment, or null for none.</param>
    /// <returns>The new default client.</returns>
    /// <exception cref="ArgumentException">The base or feedback URL is malformed, or an option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The base or feedback URL is neither official nor local and unsafe URLs are not allowed.</exception>
    [OverloadResolutionPriority(1)]
    public static TccClient Configure(Action<TccOptions>? configure = null)
    {
        TccOptions options = new();
        configure?.Invoke(options);
        return Configure(options);
    }

    /// <summary>
    /// Makes a client created from <paramref name="options"/> the default client and returns it (for
    /// hosts that build the options themselves, from configuration for example). Runs created before are
    /// still delivered by the previous client, which is shut down in the background.
    /// </summary>
    /// <param name="options">
    /// The options, which the client copies. <c>new TccOptions()</c> starts from the environment variables;
    /// null means just that, as <see cref="Configure(Action{TccOptions})"/> does with null.
    /// </param>
    /// <returns>The new default client.</returns>
    /// <exception cref="ArgumentException">The base or feedback URL is malformed, or an option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The base or feedback URL is neither official nor local and unsafe URLs are not allowed.</exception>
    public static TccClient Configure(TccOptions? options)
    {
        TccClient client = new(options ?? new TccOptions());
        TccClient? previous;
        lock (Gate)
        {
            previous = s_default;
            Volatile.Write(ref s_default, client);
        }

        if (previous is not null)
        {
            _ = previous.ShutdownAsync();
        }

        return client;
    }

    /// <summary>
    /// Waits until everything ended before the call is delivered or finally failed, or the timeout (default
    /// 5 s) passes. Never throws. Does not create the default client: before the first run or
    /// <c>Configure</c> call there is nothing to wait for, and it returns true at once (as
    /// <see cref="Statistics"/> reads zeros then).
    /// </summary>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>True when everything was delivered or finally failed in time.</returns>
    public static Task<bool> FlushAsync(TimeSpan? timeout = null) =>
        Volatile.Read(ref s_default)?.FlushAsync(timeout) ?? Task.FromResult(true);

    /// <summary>Flushes (waiting at most <paramref name="timeout"/>, default <see cref="TccOptions.ShutdownTimeout"/>), then stops the default client's background work. Later runs are dropped and counted. Never throws.</summary>
    /// <param name="timeout">How long to wait for delivery.</param>
    /// <returns>A task that completes when the default client has stopped.</returns>
    public static Task ShutdownAsync(TimeSpan? timeout = null) =>
        Volatile.Read(ref s_default)?.ShutdownAsync(timeout) ?? Task.CompletedTask;

    private static TccClient CreateDefault()
    {
        lock (Gate)
        {
            if (s_default is null)
            {
                Volatile.Write(ref s_default, TccClient.CreateFromEnvironment());
            }

            return s_default!;
        }
    }
}
