using System;
using System.ComponentModel;
using System.Globalization;
using ContextCompany.Model;

namespace ContextCompany.Internal;

/// <summary>
/// The steps of a <see cref="TrackedAgentAttribute"/> wrapper that do not depend on the method's shape:
/// create and fill the run, record the outcome. For code written by the ContextCompany source generator;
/// not meant to be used directly. Nothing here throws into the wrapped call: a failure inside the SDK is
/// reported through its diagnostics channel.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TrackedRun
{
    /// <summary>Creates the run of one tracked call: ids, agent name, prompt (null counts as empty).</summary>
    /// <param name="runId">The <see cref="RunIdAttribute"/> argument, or null.</param>
    /// <param name="sessionId">The <see cref="SessionIdAttribute"/> argument, or null.</param>
    /// <param name="conversational">True when the attribute says so, else null (left out).</param>
    /// <param name="agentName">The agent name, sent as <c>tcc.agent</c>, or null.</param>
    /// <param name="prompt">The prompt argument.</param>
    /// <param name="systemPrompt">The system prompt: the argument when not null, else the attribute's.</param>
    /// <returns>The new run.</returns>
    public static AgentRun Start(string? runId, string? sessionId, bool? conversational, string? agentName, string? prompt, string? systemPrompt) =>
        Start(runId, sessionId, conversational, agentName, prompt, systemPrompt, fullInput: null);

    /// <summary>Creates the run of one tracked call whose method has a <see cref="FullInputAttribute"/> parameter.</summary>
    /// <param name="runId">The <see cref="RunIdAttribute"/> argument, or null.</param>
    /// <param name="sessionId">The <see cref="SessionIdAttribute"/> argument, or null.</param>
    /// <param name="conversational">True when the attribute says so, else null (left out).</param>
    /// <param name="agentName">The agent name, sent as <c>tcc.agent</c>, or null.</param>
    /// <param name="prompt">The prompt argument.</param>
    /// <param name="systemPrompt">The system prompt: the argument when not null, else the attribute's.</param>
    /// <param name="fullInput">The <see cref="FullInputAttribute"/> argument (formatted), sent as <c>prompt.full_input</c>; or null.</param>
    /// <returns>The new run.</returns>
    public static AgentRun Start(string? runId, string? sessionId, bool? conversational, string? agentName, string? prompt, string? systemPrompt, string? fullInput)
    {
        // An empty caller-chosen id is treated as none rather than failing the user's call.
        return Tcc.Client.Run(string.IsNullOrEmpty(runId) ? null : runId, sessionId, conversational, agentName, prompt ?? string.Empty, systemPrompt, fullInput);
    }

    /// <summary>Sets one <see cref="MetadataAttribute"/> value; a null value is left out.</summary>
    /// <param name="run">The run.</param>
    /// <param name="key">The metadata key.</param>
    /// <param name="value">The formatted value, or null.</param>
    public static void Metadata(AgentRun run, string key, string? value)
    {
        if (value is not null && key is not null)
        {
            run.Metadata(key, value);
        }
    }

    /// <summary>
    /// Formats a <see cref="MetadataAttribute"/> value whose type is only known at run time (a type
    /// parameter, <c>object</c>): strings as they are, <c>bool</c> as <c>true</c>/<c>false</c>, enums by
    /// name, dates in round-trip format, other <see cref="IFormattable"/> values with the invariant
    /// culture, anything else by <c>ToString()</c>. Null stays null.
    /// </summary>
    /// <typeparam name="T">The parameter's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The text sent, or null.</returns>
    public static string? FormatMetadata<T>(T value) => value switch
    {
        null => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        Enum => value.ToString(),
        DateTime date => date.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset date => date.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>The response recorded for a result of type <typeparamref name="T"/>: its <c>ToString()</c>; null for null.</summary>
    /// <typeparam name="T">The method's result type.</typeparam>
    /// <param name="value">The result.</param>
    /// <returns>The response text, or null.</returns>
    public static string? ResponseText<T>(T value) => value is null ? null : value.ToString();

    /// <summary>Ends the run with <paramref name="response"/> (null: none), unless the implementation already ended it.</summary>
    /// <param name="run">The run.</param>
    /// <param name="response">The response text, or null.</param>
    public static void Complete(AgentRun run, string? response)
    {
        try
        {
            run.TryComplete(response);
        }
        catch (Exception ex)
        {
            Report(run, ex);
        }
    }

    /// <summary>Ends the run without a response (<c>void</c>, <c>Task</c>, <c>ValueTask</c>), unless already ended.</summary>
    /// <param name="run">The run.</param>
    public static void Complete(AgentRun run) => Complete(run, null);

    /// <summary>
    /// Records <paramref name="exception"/> as the run's error, unless the implementation already ended it:
    /// its message (redacted), the type name when the message is empty, <c>canceled</c> for any
    /// <see cref="OperationCanceledException"/>. The caller rethrows the exception.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <param name="exception">What the implementation threw.</param>
    /// <param name="partialResponse">For streams: what was yielded before the failure, or null.</param>
    public static void Fail(AgentRun run, Exception exception, string? partialResponse = null)
    {
        try
        {
            run.TryFail(partialResponse, ErrorMessage(exception), exception.GetType().FullName);
        }
        catch (Exception ex)
        {
            Report(run, ex);
        }
    }

    /// <summary>The status message recorded for <paramref name="exception"/>.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns><c>canceled</c>, the message, or the type name when the message is empty.</returns>
    public static string ErrorMessage(Exception exception) =>
        exception is OperationCanceledException ? "canceled"
        : string.IsNullOrEmpty(exception.Message) ? exception.GetType().Name
        : exception.Message;

    private static void Report(AgentRun run, Exception ex) =>
        run.Client.Diagnostics.WarningOnce("tracked:" + ex.GetType().FullName, "[TCC] A tracked call could not record its run: " + ex.Message);
}
