using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Diagnostics;
using ContextCompany.Export;
using ContextCompany.Model;
using ContextCompany.Redaction;

namespace ContextCompany;

/// <summary>
/// One execution of an agent, from the user input it receives to its final response (Python <c>Run</c>).
/// Create it with <see cref="Tcc.Run"/>, set at least a <see cref="Prompt"/>, then <see cref="End"/> it
/// (or <see cref="Error"/> it). Setters return the run, so calls chain:
/// <code>Tcc.Run().Prompt("What is the weather in London?").Response("15°C and cloudy.").End();</code>
/// </summary>
/// <remarks>
/// Every member is safe to call from several threads at once. After <see cref="End"/> or
/// <see cref="Error"/> the run cannot be modified: setters throw <see cref="InvalidOperationException"/>,
/// while <see cref="RunId"/>, the other getters and <see cref="FeedbackAsync"/> keep working.
/// Ending never waits for the network: the run is handed to the client's background delivery.
/// </remarks>
public sealed class AgentRun : IExportItem
{
    private const string What = "Run";

    /// <summary>The status message of the steps and tool calls an erroring run ends with it.</summary>
    internal const string ParentErrored = "Parent run errored";

    private static readonly AsyncLocal<AgentRun?> CurrentRun = new();

    private RecordLock _lock; // not readonly: a mutable struct; also whether the run has ended
    private readonly TccClient _client;
    private readonly Activity? _activity;
    private RecordId _id; // not readonly: a generated id stays 16 bytes until its text is asked for
    private string? _userPrompt;
    private string? _systemPrompt;
    private string? _fullInput;
    private string? _response;
    private string? _fullOutput;
    private RunFamily? _family; // the steps and tool calls created from this run, once there is one
    private string? _statusMessage;
    private MetadataEntries _metadata;
    private string? _errorType;
    private RecordStatus _statusCode;

    internal AgentRun(TccClient client, string? runId, string? sessionId, bool? conversational, string? agentName = null, string? userPrompt = null, string? systemPrompt = null, string? fullInput = null)
    {
        // Set before the run is published to any other thread: no lock needed (generated code passes the prompt here).
        _userPrompt = userPrompt;
        _systemPrompt = systemPrompt;
        _fullInput = fullInput;
        RecordGuard.CheckId(runId, nameof(runId));
        _client = client;
        _id = new RecordId(runId);

        SessionId = sessionId;
        Conversational = conversational;
        StartTime = MillisecondClock.UtcNow();
        if (agentName is not null)
        {
            _metadata.Set(TccRules.AgentKey, agentName);
        }

        _activity = TccActivities.StartRun(this, agentName);
        client.OpenRuns?.Add(this);
    }

    /// <summary>The run's id: the one passed to <see cref="Tcc.Run"/>, else a new lowercase UUID v4 (Python <c>run_id</c>).</summary>
    public string RunId => _id.Text;

    /// <summary>The session this run belongs to, or null (Python <c>session_id</c>).</summary>
    public string? SessionId { get; }

    /// <summary>True when the run was initiated by a user; null when not stated (Python <c>conversational</c>).</summary>
    public bool? Conversational { get; }

    /// <summary>
    /// The run of the <see cref="TrackedAgentAttribute"/> call in progress on this asynchronous flow, or the
    /// run made current with <see cref="Activate"/>; null outside both. Nested scopes see their own run and
    /// restore the outer one when they end. Integrations (the chat-client and agent wrappers) attach their
    /// steps and tool calls to this run.
    /// </summary>
    public static AgentRun? Current => CurrentRun.Value;

    /// <summary>
    /// Makes this run <see cref="Current"/> on the calling asynchronous flow until the returned scope is
    /// disposed, so that code which records on the current run (the <c>ContextCompany.Extensions.AI</c>
    /// chat-client wrapper, nested helpers) adds its steps and tool calls to a run created by hand:
    /// <code>
    /// AgentRun run = Tcc.Run().Prompt(question);
    /// using (run.Activate())
    /// {
    ///     answer = await chatClient.GetResponseAsync(question);
    /// }
    /// run.Response(answer.Text).End();
    /// </code>
    /// </summary>
    /// <remarks>
    /// The run stays current across <c>await</c>s and in tasks started inside the scope, and not in the
    /// caller of an <c>async</c> method that activates it. Scopes nest: disposing one restores the run that
    /// was current when it began. Activating does not end the run, and ending it does not end the scope.
    /// </remarks>
    /// <returns>A scope that restores the previously current run when disposed.</returns>
    public AgentRunScope Activate() => new(SwapCurrent(this));

    /// <summary>
    /// True once <see cref="End"/> or <see cref="Error"/> has been called, or a tracked call has ended the
    /// run: the run can then no longer be modified. Hidden from completion lists, as few callers need it.
    /// Another thread may end the run right after this returns false; <see cref="End"/> still refuses a
    /// second end with <see cref="InvalidOperationException"/>.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public bool IsEnded => _lock.IsEnded;

    internal DateTime StartTime { get; }

    /// <summary>The run's id, for the payload writer: written from its bytes while nobody has asked for its text.</summary>
    internal RecordId Id => _id;

    internal DateTime EndTime { get; private set; }

    internal TccClient Client => _client;

    /// <summary>The run's OpenTelemetry Activity (<c>invoke_agent</c>), or null when nobody listens to the <c>ContextCompany</c> source.</summary>
    internal Activity? Activity => _activity;

    long IExportItem.Sequence { get; set; }

    ExportKind IExportItem.Kind => ExportKind.Run;

    // The links of the client's open-run list (OpenRuns): no allocation to track a run.
    internal OpenRuns.Stripe? OpenStripe { get; set; }

    internal AgentRun? OpenPrevious { get; set; }

    internal AgentRun? OpenNext { get; set; }

    /// <summary>The run's children, created at the first <see cref="Step"/> or <see cref="ToolCall"/>.</summary>
    internal RunFamily Family
    {
        get
        {
            RunFamily? family = Volatile.Read(ref _family);
            if (family is null)
            {
                Interlocked.CompareExchange(ref _family, new RunFamily(), null);
                family = _family!;
            }

            return family;
        }
    }

    /// <summary>
    /// Sets the user prompt and, optionally, the system prompt and the raw request (Python
    /// <c>prompt(user_prompt, system_prompt=None)</c>; TypeScript <c>fullInput</c>). Required before
    /// <see cref="End"/>; a later call replaces all three.
    /// </summary>
    /// <param name="userPrompt">The user input to the agent. An empty string counts as set.</param>
    /// <param name="systemPrompt">A system message sent alongside the user prompt, or null.</param>
    /// <param name="fullInput">The raw input, for example the provider's request body, sent as <c>prompt.full_input</c>; or null.</param>
    /// <returns>This run.</returns>
    public AgentRun Prompt(string userPrompt, string? systemPrompt = null, string? fullInput = null)
    {
        RecordGuard.ThrowIfNull(userPrompt, nameof(userPrompt));
        return _lock.Update(
            this,
            (userPrompt, systemPrompt, fullInput),
            static (run, prompts) => (run._userPrompt, run._systemPrompt, run._fullInput) = prompts,
            What);
    }

    /// <summary>Sets the agent's final response and, optionally, the raw final model output (Python <c>response(text)</c>; TypeScript <c>fullOutput</c>).</summary>
    /// <param name="response">The final response.</param>
    /// <param name="fullOutput">The raw output, for example the provider's response body, sent as <c>full_output</c>; or null to leave it as it was.</param>
    /// <returns>This run.</returns>
    public AgentRun Response(string response, string? fullOutput = null)
    {
        RecordGuard.ThrowIfNull(response, nameof(response));
        return _lock.Update(this, (response, fullOutput), static (run, texts) =>
        {
            run._response = texts.response;
            run._fullOutput = texts.fullOutput ?? run._fullOutput;
        }, What);
    }

    /// <summary>Merges key/value pairs into the run's metadata; a later value for a key replaces the earlier one (Python <c>metadata(data)</c>).</summary>
    /// <param name="data">The pairs. Reserved keys are in <see cref="TccMetadataKeys"/>.</param>
    /// <returns>This run.</returns>
    public AgentRun Metadata(IEnumerable<KeyValuePair<string, string>> data)
    {
        RecordGuard.ThrowIfNull(data, nameof(data));

        // The caller's sequence is read before the lock is taken: it may run any code, even call this run.
        KeyValuePair<string, string>[] pairs = data as KeyValuePair<string, string>[] ?? data.ToArray();
        return _lock.Update(this, pairs, static (run, pairs) => run._metadata.SetAll(pairs, nameof(data)), What);
    }

    /// <summary>Sets one metadata value (Python <c>metadata(key=value)</c>).</summary>
    /// <param name="key">The key, for example <c>"plan"</c> or <see cref="TccMetadataKeys.UserId"/>.</param>
    /// <param name="value">The value.</param>
    /// <returns>This run.</returns>
    public AgentRun Metadata(string key, string value)
    {
        RecordGuard.ThrowIfNull(key, nameof(key));
        RecordGuard.ThrowIfNull(value, nameof(value));
        return _lock.Update(this, (key, value), static (run, pair) => run._metadata.Set(pair.key, pair.value), What);
    }

    /// <summary>Sets several metadata values (Python <c>metadata(userId=..., orgId=...)</c>).</summary>
    /// <param name="pairs">The pairs, for example <c>("tcc.userId", "user-123"), ("tcc.orgId", "org-456")</c>.</param>
    /// <returns>This run.</returns>
    public AgentRun Metadata(params (string Key, string Value)[] pairs)
    {
        RecordGuard.ThrowIfNull(pairs, nameof(pairs));
        return _lock.Update(this, pairs, static (run, pairs) => run._metadata.SetAll(pairs, nameof(pairs)), What);
    }

    /// <summary>Sets the run's status (Python <c>status(code, message)</c>). The message is redacted of credentials.</summary>
    /// <param name="code">0 for ok, 2 for error (1, OpenTelemetry's explicit ok, is accepted too).</param>
    /// <param name="message">A description, or null.</param>
    /// <returns>This run.</returns>
    public AgentRun Status(int code, string? message = null)
    {
        RecordStatus status = RecordGuard.CheckStatusCode(code);
        string? redacted = StatusMessageRedactor.RedactOrNull(message);
        return _lock.Update(this, (status, redacted), static (run, status) => (run._statusCode, run._statusMessage) = status, What);
    }

    /// <summary>Starts a step of this run: one LLM call (Python <c>tcc.step(run_id)</c>).</summary>
    /// <param name="stepId">A caller-chosen step id, else a new UUID.</param>
    /// <returns>The new step.</returns>
    public AgentStep Step(string? stepId = null) => new(_client, RunId, stepId, _activity, this);

    /// <summary>Starts a tool call of this run (Python <c>tcc.tool_call(run_id)</c>).</summary>
    /// <param name="toolName">The tool's name, or null to set it later with <see cref="ContextCompany.ToolCall.Name"/>.</param>
    /// <param name="toolCallId">A caller-chosen tool call id, else a new UUID.</param>
    /// <returns>The new tool call.</returns>
    public ToolCall ToolCall(string? toolName = null, string? toolCallId = null) => new(_client, RunId, toolName, toolCallId, _activity, this);

    /// <summary>
    /// Ends the run and hands it to the background delivery (Python <c>end()</c>). Returns at once; the
    /// run can no longer be modified.
    /// </summary>
    /// <exception cref="InvalidOperationException">No prompt was set, or the run has already ended.</exception>
    public void End()
    {
        if (!TryComplete(response: null))
        {
            RecordGuard.ThrowEnded(What);
        }
    }

    /// <summary>
    /// Marks the run as failed (status 2) and hands it to the background delivery (Python <c>error(status_message)</c>).
    /// Unlike <see cref="End"/>, no prompt is needed. The message is redacted of credentials. Steps and
    /// tool calls created from this run and still open end as errors too (<c>Parent run errored</c>), as
    /// the TypeScript SDK does; <see cref="End"/> leaves them open.
    /// </summary>
    /// <param name="statusMessage">A description of the error, or null.</param>
    /// <exception cref="InvalidOperationException">The run has already ended.</exception>
    public void Error(string? statusMessage = null)
    {
        if (!TryFail(response: null, statusMessage, errorType: null))
        {
            RecordGuard.ThrowEnded(What);
        }
    }

    /// <summary>
    /// Ends the run in one step (one lock): sets <paramref name="response"/> when not null and ends, unless
    /// the run has already ended (<see cref="End"/>, and tracked calls, whose implementation may end the run itself).
    /// </summary>
    /// <returns>False when the run had already ended (the implementation ended it).</returns>
    internal bool TryComplete(string? response)
    {
        bool ended = _lock.TryEnd(this, response, static (run, response) =>
        {
            RecordGuard.Require(run._userPrompt, "[TCC] Cannot end run: prompt is required. Call r.Prompt(...) before r.End()");
            run._response = response ?? run._response;
            run.EndTime = MillisecondClock.UtcNow();
        });
        if (ended)
        {
            Model.OpenRuns.Remove(this);
            Finish();
        }

        return ended;
    }

    /// <summary>Records a failure in one step (<see cref="Error"/>, and tracked calls with the exception's type as <c>error.type</c>), unless the run has already ended.</summary>
    /// <returns>False when the run had already ended.</returns>
    internal bool TryFail(string? response, string? statusMessage, string? errorType)
    {
        string? redacted = StatusMessageRedactor.RedactOrNull(statusMessage);
        bool ended = _lock.TryEnd(this, (response, redacted, errorType), static (run, failure) =>
        {
            run._response = failure.response ?? run._response;
            (run._statusCode, run._statusMessage, run._errorType) = (RecordStatus.Error, failure.redacted, failure.errorType);
            run.EndTime = MillisecondClock.UtcNow();
        });
        if (ended)
        {
            Model.OpenRuns.Remove(this);
            Volatile.Read(ref _family)?.FailOpen(ParentErrored);
            Finish();
        }

        return ended;
    }

    /// <summary>
    /// Submits end-user feedback for this run (Python <c>r.feedback(score=..., text=...)</c>); works before
    /// and after the run has ended. At least one of <paramref name="score"/> and <paramref name="text"/> is required.
    /// </summary>
    /// <param name="score">A thumbs rating, or null.</param>
    /// <param name="text">Written feedback of at most 2000 characters, or null.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when the service accepted it; false when there is no API key or the request failed (never throws for that).</returns>
    /// <exception cref="ArgumentException">Neither score nor text was given, or the text is longer than 2000 characters.</exception>
    public Task<bool> FeedbackAsync(FeedbackScore? score = null, string? text = null, CancellationToken cancellationToken = default) =>
        _client.SubmitFeedbackAsync(RunId, score, text, cancellationToken, _activity);

    /// <summary>Completes the run's Activity, if any, then hands the run to the delivery.</summary>
    private void Finish()
    {
        // Children created from now on find a closed family and go alone.
        RunFamily? family = Interlocked.CompareExchange(ref _family, RunFamily.ClosedFamily, null);
        IExportItem[]? children = family?.Close();
        _client.Finish(this, _activity, static (activity, run) => run.SetActivityTags(activity), "run", children);
    }

    private void SetActivityTags(Activity activity)
    {
        ReadOnlySpan<KeyValuePair<string, string>> metadata = _metadata.Items;
        string? agent = MetadataEntries.Find(metadata, TccRules.AgentKey);
        if (agent is not null && activity.GetTagItem(TccActivities.AgentName) is null)
        {
            activity.DisplayName = TccActivities.InvokeAgent + " " + agent;
            activity.SetTag(TccActivities.AgentName, agent);
        }

        if (MetadataEntries.Find(metadata, TccRules.UserIdKey) is { } userId)
        {
            activity.SetTag(TccActivities.UserId, userId);
        }

        if (_client.CaptureMessageContent)
        {
            if (_systemPrompt is not null)
            {
                activity.SetTag(TccActivities.SystemInstructions, TccActivities.Instructions(_systemPrompt));
            }

            if (_userPrompt is not null)
            {
                activity.SetTag(TccActivities.InputMessages, TccActivities.Messages("user", _userPrompt));
            }

            if (_response is not null)
            {
                activity.SetTag(TccActivities.OutputMessages, TccActivities.Messages("assistant", _response, _statusCode == RecordStatus.Error ? "error" : "stop"));
            }
        }

        TccActivities.SetStatus(activity, _statusCode, _statusMessage, _errorType);
    }

    void IExportItem.WritePayload(PayloadWriter writer) => WriteRunPayload(writer);

    /// <summary>Writes the run alone (in a batch, too). Ended runs are immutable, so reading them from the delivery thread needs no lock.</summary>
    internal void WriteRunPayload(PayloadWriter writer) =>
        writer.WriteRun(this, _userPrompt, _systemPrompt, _fullInput, _response, _fullOutput, _statusCode, _statusMessage, _metadata.Items);

    internal string? UserPrompt => _userPrompt;

    internal string? ResponseText => _response;

    internal RecordStatus StatusCode => _statusCode;

    internal string? StatusMessage => _statusMessage;

    internal int MetadataCount => _metadata.Count;

    /// <summary>Makes <paramref name="run"/> the <see cref="Current"/> run and returns the previous one.</summary>
    internal static AgentRun? SwapCurrent(AgentRun? run)
    {
        AgentRun? previous = CurrentRun.Value;
        CurrentRun.Value = run;
        return previous;
    }
}
