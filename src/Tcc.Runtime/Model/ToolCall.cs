using System;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ContextCompany.Diagnostics;
using ContextCompany.Export;
using ContextCompany.Model;
using ContextCompany.Redaction;

namespace ContextCompany;

/// <summary>
/// One tool call of a run: its name, arguments and result (Python <c>ToolCall</c>, created with
/// <c>tcc.tool_call(run_id)</c>). Create it with <see cref="AgentRun.ToolCall"/> or <see cref="Tcc.ToolCall"/>;
/// <see cref="End"/> requires a name.
/// </summary>
/// <remarks>Every member is safe to call from several threads at once; after <see cref="End"/> or <see cref="Error"/> setters throw.</remarks>
public sealed class ToolCall : IRunChild
{
    private const string What = "Tool call";
    private const string UnknownToolName = "unknown";

    private RecordId _id; // not readonly: a generated id stays 16 bytes until its text is asked for
    private RecordLock _lock; // not readonly: a mutable struct; also whether the tool call has ended
    private readonly TccClient _client;
    private readonly AgentRun? _parentRun; // set when created from the run: then it may travel with it
    private readonly Activity? _activity;
    private string? _name;
    private string? _args;
    private string? _result;
    private string? _statusMessage;
    private RecordStatus _statusCode;

    internal ToolCall(TccClient client, string runId, string? toolName, string? toolCallId, Activity? runActivity = null, AgentRun? parentRun = null)
    {
        RecordGuard.ThrowIfNull(runId, nameof(runId));
        RecordGuard.CheckId(runId, nameof(runId));
        RecordGuard.CheckId(toolCallId, nameof(toolCallId));
        _client = client;
        RunId = runId;
        _id = new RecordId(toolCallId);
        _name = toolName;
        StartTime = MillisecondClock.UtcNow();
        _activity = TccActivities.StartChild(TccActivities.ExecuteTool, runId, runActivity);
        _activity?.SetTag(TccActivities.ToolCallId, ToolCallId);
        _parentRun = parentRun;
        parentRun?.Family.Opened(this);
    }

    /// <summary>The id of the run this tool call belongs to.</summary>
    public string RunId { get; }

    /// <summary>The tool call's id: the one given, else a new lowercase UUID v4.</summary>
    public string ToolCallId => _id.Text;

    /// <summary>The id, for the payload writer: written from its bytes while nobody has asked for its text.</summary>
    internal RecordId Id => _id;

    internal DateTime StartTime { get; }

    internal DateTime EndTime { get; private set; }

    long IExportItem.Sequence { get; set; }

    int IRunChild.ApproximateSize => RunFamily.Size(_args, _result, _name);

    bool IRunChild.TryFail(string? statusMessage) => TryFail(statusMessage);

    ExportKind IExportItem.Kind => ExportKind.ToolCall;

    /// <summary>Sets the tool's name (required before <see cref="End"/>).</summary>
    /// <param name="toolName">The name, for example <c>"get_weather"</c>.</param>
    /// <returns>This tool call.</returns>
    public ToolCall Name(string toolName)
    {
        RecordGuard.ThrowIfNull(toolName, nameof(toolName));
        return _lock.Update(this, toolName, static (toolCall, toolName) => toolCall._name = toolName, What);
    }

    /// <summary>Sets the arguments the tool was called with, as JSON text.</summary>
    /// <param name="json">The arguments as JSON text.</param>
    /// <returns>This tool call.</returns>
    public ToolCall Args(string json)
    {
        RecordGuard.ThrowIfNull(json, nameof(json));
        return _lock.Update(this, json, static (toolCall, json) => toolCall._args = json, What);
    }

    /// <summary>Sets the arguments from an object, serialized to JSON text with <paramref name="typeInfo"/> (trimming-safe: pass a source-generated <c>JsonSerializerContext</c>'s type info).</summary>
    /// <typeparam name="T">The arguments' type.</typeparam>
    /// <param name="value">The arguments.</param>
    /// <param name="typeInfo">The JSON contract of <typeparamref name="T"/>.</param>
    /// <returns>This tool call.</returns>
    public ToolCall Args<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        RecordGuard.ThrowIfNull(typeInfo, nameof(typeInfo));
        return Args(JsonSerializer.Serialize(value, typeInfo));
    }

    /// <summary>Sets the tool's result, as JSON text.</summary>
    /// <param name="json">The result as JSON text.</param>
    /// <returns>This tool call.</returns>
    public ToolCall Result(string json)
    {
        RecordGuard.ThrowIfNull(json, nameof(json));
        return _lock.Update(this, json, static (toolCall, json) => toolCall._result = json, What);
    }

    /// <summary>Sets the result from an object, serialized to JSON text with <paramref name="typeInfo"/>.</summary>
    /// <typeparam name="T">The result's type.</typeparam>
    /// <param name="value">The result.</param>
    /// <param name="typeInfo">The JSON contract of <typeparamref name="T"/>.</param>
    /// <returns>This tool call.</returns>
    public ToolCall Result<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        RecordGuard.ThrowIfNull(typeInfo, nameof(typeInfo));
        return Result(JsonSerializer.Serialize(value, typeInfo));
    }

    /// <summary>Sets the tool call's status. The message is redacted of credentials.</summary>
    /// <param name="code">0 for ok, 2 for error.</param>
    /// <param name="message">A description, or null.</param>
    /// <returns>This tool call.</returns>
    public ToolCall Status(int code, string? message = null)
    {
        RecordStatus status = RecordGuard.CheckStatusCode(code);
        string? redacted = StatusMessageRedactor.RedactOrNull(message);
        return _lock.Update(this, (status, redacted), static (toolCall, status) => (toolCall._statusCode, toolCall._statusMessage) = status, What);
    }

    /// <summary>Ends the tool call and hands it to the background delivery. Returns at once.</summary>
    /// <exception cref="InvalidOperationException">No name was set, or the tool call has already ended.</exception>
    public void End()
    {
        bool ended = _lock.TryEnd(this, static toolCall =>
        {
            RecordGuard.Require(toolCall._name, "[TCC] Cannot end tool call: name is required. Call tc.Name(...) before tc.End()");
            toolCall.EndTime = MillisecondClock.UtcNow();
        });
        if (!ended)
        {
            RecordGuard.ThrowEnded(What);
        }

        Finish();
    }

    /// <summary>Marks the tool call as failed (status 2) and hands it to the background delivery. Without a name it is sent as <c>"unknown"</c>.</summary>
    /// <param name="statusMessage">A description of the error (redacted of credentials), or null.</param>
    /// <exception cref="InvalidOperationException">The tool call has already ended.</exception>
    public void Error(string? statusMessage = null)
    {
        if (!TryFail(statusMessage))
        {
            RecordGuard.ThrowEnded(What);
        }
    }

    /// <summary>Ends the tool call as an error unless it has ended (its run's <see cref="AgentRun.Error"/> uses it too).</summary>
    internal bool TryFail(string? statusMessage)
    {
        string? redacted = StatusMessageRedactor.RedactOrNull(statusMessage);
        bool ended = _lock.TryEnd(this, redacted, static (toolCall, redacted) =>
        {
            toolCall._name ??= UnknownToolName;
            (toolCall._statusCode, toolCall._statusMessage) = (RecordStatus.Error, redacted);
            toolCall.EndTime = MillisecondClock.UtcNow();
        });
        if (ended)
        {
            Finish();
        }

        return ended;
    }

    /// <summary>Completes the tool call's Activity, if any, then hands the tool call to the delivery.</summary>
    private void Finish() => _client.Finish(this, _activity, static (activity, toolCall) => toolCall.SetActivityTags(activity), "tool call", _parentRun);

    private void SetActivityTags(Activity activity)
    {
        activity.DisplayName = TccActivities.ExecuteTool + " " + _name;
        activity.SetTag(TccActivities.ToolName, _name);
        if (_client.CaptureMessageContent)
        {
            activity.SetTag(TccActivities.ToolCallArguments, _args);
            activity.SetTag(TccActivities.ToolCallResult, _result);
        }

        TccActivities.SetStatus(activity, _statusCode, _statusMessage, errorType: null);
    }

    void IExportItem.WritePayload(PayloadWriter writer) =>
        writer.WriteToolCall(this, _name!, _args, _result, _statusCode, _statusMessage);
}
