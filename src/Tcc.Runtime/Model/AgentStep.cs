using System;
using System.Diagnostics;
using ContextCompany.Diagnostics;
using ContextCompany.Export;
using ContextCompany.Model;
using ContextCompany.Redaction;

namespace ContextCompany;

/// <summary>
/// One step of a run, typically one LLM call: its prompt and response, the model, token counts and cost
/// (Python <c>Step</c>, created with <c>tcc.step(run_id)</c>). Create it with <see cref="AgentRun.Step"/>
/// or <see cref="Tcc.Step"/>; <see cref="End"/> requires a prompt and a response.
/// </summary>
/// <remarks>Every member is safe to call from several threads at once; after <see cref="End"/> or <see cref="Error"/> setters throw.</remarks>
public sealed class AgentStep : IRunChild
{
    private const string What = "Step";

    private RecordId _id; // not readonly: a generated id stays 16 bytes until its text is asked for
    private RecordLock _lock; // not readonly: a mutable struct; also whether the step has ended
    private readonly TccClient _client;
    private readonly AgentRun? _parentRun; // set when created from the run: then it may travel with it
    private readonly Activity? _activity;
    private readonly Activity? _runActivity;
    private string? _prompt;
    private string? _response;
    private string? _modelRequested;
    private string? _modelUsed;
    private string? _finishReason;
    private string? _toolDefinitions;
    private string? _statusMessage;
    private int? _promptUncachedTokens;
    private int? _promptCachedTokens;
    private int? _completionTokens;
    private double? _realTotalCost;
    private TimeSpan? _timeToFirstToken;
    private RecordStatus _statusCode;

    internal AgentStep(TccClient client, string runId, string? stepId, Activity? runActivity = null, AgentRun? parentRun = null)
    {
        RecordGuard.ThrowIfNull(runId, nameof(runId));
        RecordGuard.CheckId(runId, nameof(runId));
        RecordGuard.CheckId(stepId, nameof(stepId));
        _client = client;
        RunId = runId;
        _id = new RecordId(stepId);
        StartTime = MillisecondClock.UtcNow();
        _runActivity = runActivity;
        _activity = TccActivities.StartChild(TccActivities.Chat, runId, runActivity);
        _activity?.SetTag(TccActivities.StepId, StepId);
        _parentRun = parentRun;
        parentRun?.Family.Opened(this);
    }

    /// <summary>The id of the run this step belongs to.</summary>
    public string RunId { get; }

    /// <summary>The step's id: the one given, else a new lowercase UUID v4.</summary>
    public string StepId => _id.Text;

    /// <summary>The id, for the payload writer: written from its bytes while nobody has asked for its text.</summary>
    internal RecordId Id => _id;

    internal DateTime StartTime { get; }

    internal DateTime EndTime { get; private set; }

    long IExportItem.Sequence { get; set; }

    int IRunChild.ApproximateSize => RunFamily.Size(_prompt, _response, _toolDefinitions);

    bool IRunChild.TryFail(string? statusMessage) => TryFail(statusMessage);

    ExportKind IExportItem.Kind => ExportKind.Step;

    /// <summary>Sets the prompt sent to the model (required before <see cref="End"/>).</summary>
    /// <param name="text">The prompt text, for example the serialized messages.</param>
    /// <returns>This step.</returns>
    public AgentStep Prompt(string text)
    {
        RecordGuard.ThrowIfNull(text, nameof(text));
        return _lock.Update(this, text, static (step, text) => step._prompt = text, What);
    }

    /// <summary>Sets the model's response (required before <see cref="End"/>).</summary>
    /// <param name="text">The response text.</param>
    /// <returns>This step.</returns>
    public AgentStep Response(string text)
    {
        RecordGuard.ThrowIfNull(text, nameof(text));
        return _lock.Update(this, text, static (step, text) => step._response = text, What);
    }

    /// <summary>Sets the model that was asked for and the one that answered (Python <c>model(requested, used)</c>); a null argument leaves that value as it was.</summary>
    /// <param name="requested">The requested model, for example <c>"gpt-4o"</c>.</param>
    /// <param name="used">The model that actually answered, for example <c>"gpt-4o-2024-08-06"</c>.</param>
    /// <returns>This step.</returns>
    public AgentStep Model(string? requested = null, string? used = null)
    {
        return _lock.Update(this, (requested, used), static (step, model) =>
        {
            step._modelRequested = model.requested ?? step._modelRequested;
            step._modelUsed = model.used ?? step._modelUsed;
        }, What);
    }

    /// <summary>Sets why the model stopped, for example <c>"stop"</c> or <c>"tool_calls"</c>.</summary>
    /// <param name="reason">The finish reason.</param>
    /// <returns>This step.</returns>
    public AgentStep FinishReason(string reason)
    {
        RecordGuard.ThrowIfNull(reason, nameof(reason));
        return _lock.Update(this, reason, static (step, reason) => step._finishReason = reason, What);
    }

    /// <summary>Merges token counts: each non-null argument replaces that count, the others stay (Python <c>tokens(...)</c>).</summary>
    /// <param name="promptUncached">Prompt tokens not served from the provider's cache.</param>
    /// <param name="promptCached">Prompt tokens served from the cache.</param>
    /// <param name="completion">Completion tokens.</param>
    /// <returns>This step.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public AgentStep Tokens(int? promptUncached = null, int? promptCached = null, int? completion = null)
    {
        RecordGuard.CheckTokenCount(promptUncached, nameof(promptUncached));
        RecordGuard.CheckTokenCount(promptCached, nameof(promptCached));
        RecordGuard.CheckTokenCount(completion, nameof(completion));
        return _lock.Update(this, (promptUncached, promptCached, completion), static (step, tokens) =>
        {
            step._promptUncachedTokens = tokens.promptUncached ?? step._promptUncachedTokens;
            step._promptCachedTokens = tokens.promptCached ?? step._promptCachedTokens;
            step._completionTokens = tokens.completion ?? step._completionTokens;
        }, What);
    }

    /// <summary>Sets what the step really cost, in US dollars (Python <c>cost(real_total)</c>).</summary>
    /// <param name="realTotal">The cost in USD; finite and not negative.</param>
    /// <returns>This step.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The cost is negative, NaN or infinite.</exception>
    public AgentStep Cost(double realTotal)
    {
        RecordGuard.CheckCost(realTotal, nameof(realTotal));
        return _lock.Update(this, realTotal, static (step, realTotal) => step._realTotalCost = realTotal, What);
    }

    /// <summary>
    /// Sets how long the model took to produce its first token of a streamed response, from the start of the
    /// request (wire <c>ttft_ms</c>, whole milliseconds). The Python SDK has no such setter; its service reads
    /// the field from streaming integrations.
    /// </summary>
    /// <param name="elapsed">The time from sending the request to the first content; not negative.</param>
    /// <returns>This step.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elapsed"/> is negative.</exception>
    public AgentStep TimeToFirstToken(TimeSpan elapsed)
    {
        RecordGuard.CheckDuration(elapsed, nameof(elapsed));
        return _lock.Update(this, elapsed, static (step, elapsed) => step._timeToFirstToken = elapsed, What);
    }

    /// <summary>Sets the tool definitions offered to the model, as JSON text.</summary>
    /// <param name="definitions">The definitions as JSON text.</param>
    /// <returns>This step.</returns>
    public AgentStep ToolDefinitions(string definitions)
    {
        RecordGuard.ThrowIfNull(definitions, nameof(definitions));
        return _lock.Update(this, definitions, static (step, definitions) => step._toolDefinitions = definitions, What);
    }

    /// <summary>Sets the step's status. The message is redacted of credentials.</summary>
    /// <param name="code">0 for ok, 2 for error.</param>
    /// <param name="message">A description, or null.</param>
    /// <returns>This step.</returns>
    public AgentStep Status(int code, string? message = null)
    {
        RecordStatus status = RecordGuard.CheckStatusCode(code);
        string? redacted = StatusMessageRedactor.RedactOrNull(message);
        return _lock.Update(this, (status, redacted), static (step, status) => (step._statusCode, step._statusMessage) = status, What);
    }

    /// <summary>Starts a tool call that belongs to this step's run.</summary>
    /// <param name="toolName">The tool's name, or null to set it later.</param>
    /// <param name="toolCallId">A caller-chosen id, else a new UUID.</param>
    /// <returns>The new tool call.</returns>
    public ToolCall ToolCall(string? toolName = null, string? toolCallId = null) => new(_client, RunId, toolName, toolCallId, _runActivity, _parentRun);

    /// <summary>Ends the step and hands it to the background delivery. Returns at once.</summary>
    /// <exception cref="InvalidOperationException">No prompt or no response was set, or the step has already ended.</exception>
    public void End()
    {
        bool ended = _lock.TryEnd(this, static step =>
        {
            RecordGuard.Require(step._prompt, "[TCC] Cannot end step: prompt is required. Call s.Prompt(...) before s.End()");
            RecordGuard.Require(step._response, "[TCC] Cannot end step: response is required. Call s.Response(...) before s.End()");
            step.EndTime = MillisecondClock.UtcNow();
        });
        if (!ended)
        {
            RecordGuard.ThrowEnded(What);
        }

        Finish();
    }

    /// <summary>Marks the step as failed (status 2) and hands it to the background delivery; no prompt or response is needed.</summary>
    /// <param name="statusMessage">A description of the error (redacted of credentials), or null.</param>
    /// <exception cref="InvalidOperationException">The step has already ended.</exception>
    public void Error(string? statusMessage = null)
    {
        if (!TryFail(statusMessage))
        {
            RecordGuard.ThrowEnded(What);
        }
    }

    /// <summary>Ends the step as an error unless it has ended (its run's <see cref="AgentRun.Error"/> uses it too).</summary>
    internal bool TryFail(string? statusMessage)
    {
        string? redacted = StatusMessageRedactor.RedactOrNull(statusMessage);
        bool ended = _lock.TryEnd(this, redacted, static (step, redacted) =>
        {
            (step._statusCode, step._statusMessage) = (RecordStatus.Error, redacted);
            step.EndTime = MillisecondClock.UtcNow();
        });
        if (ended)
        {
            Finish();
        }

        return ended;
    }

    /// <summary>Completes the step's Activity, if any, then hands the step to the delivery.</summary>
    private void Finish() => _client.Finish(this, _activity, static (activity, step) => step.SetActivityTags(activity), "step", _parentRun);

    private void SetActivityTags(Activity activity)
    {
        string? model = _modelRequested ?? _modelUsed;
        if (model is not null)
        {
            activity.DisplayName = TccActivities.Chat + " " + model;
        }

        activity.SetTag(TccActivities.RequestModel, _modelRequested);
        activity.SetTag(TccActivities.ResponseModel, _modelUsed);
        if (_promptUncachedTokens is not null || _promptCachedTokens is not null)
        {
            activity.SetTag(TccActivities.InputTokens, (_promptUncachedTokens ?? 0) + (_promptCachedTokens ?? 0));
        }

        if (_completionTokens is { } completion)
        {
            activity.SetTag(TccActivities.OutputTokens, completion);
        }

        if (_finishReason is not null)
        {
            activity.SetTag(TccActivities.FinishReasons, new[] { _finishReason });
        }

        if (_client.CaptureMessageContent)
        {
            if (_prompt is not null)
            {
                activity.SetTag(TccActivities.InputMessages, TccActivities.Messages("user", _prompt));
            }

            if (_response is not null)
            {
                activity.SetTag(TccActivities.OutputMessages, TccActivities.Messages("assistant", _response, _finishReason ?? "stop"));
            }
        }

        TccActivities.SetStatus(activity, _statusCode, _statusMessage, errorType: null);
    }

    void IExportItem.WritePayload(PayloadWriter writer)
    {
        writer.WriteStep(
            this,
            new StepFields(
                _prompt, _response, _modelRequested, _modelUsed, _finishReason, _toolDefinitions, _statusMessage,
                _promptUncachedTokens, _promptCachedTokens, _completionTokens, _realTotalCost, _timeToFirstToken, _statusCode));
    }
}

/// <summary>A step's optional fields, as the payload writer reads them.</summary>
internal readonly record struct StepFields(
    string? Prompt,
    string? Response,
    string? ModelRequested,
    string? ModelUsed,
    string? FinishReason,
    string? ToolDefinitions,
    string? StatusMessage,
    int? PromptUncachedTokens,
    int? PromptCachedTokens,
    int? CompletionTokens,
    double? RealTotalCost,
    TimeSpan? TimeToFirstToken,
    RecordStatus StatusCode);
