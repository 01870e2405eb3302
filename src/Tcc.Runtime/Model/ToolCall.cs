using System;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ContextCompany.Diagnostics;
using ContextCompany.Export;
using ContextCompany.Model;

namespace ContextCompany;

/// <summary>
/// One tool call of a run: its name, arguments and result (Python <c>ToolCall</c>, created with
/// <c>tcc.tool_call(run_id)</c>). Create it with <see cref="AgentRun.ToolCall"/> or <see cref="Tcc.ToolCall"/>;
/// <see cref="End"/> requires a name.
/// </summary>
/// <remarks>Every member is safe to call from several threads at once; after <see cref="End"/> or <see cref="Error"/> setters throw.</remarks>
public sealed class ToolCall : IExportItem
{
    private const string UnknownToolName = "unknown";

    private RecordLock _lock; // not readonly: a mutable struct
    private readonly TccClient _client;
    private readonly Activity? _activity;
    private string? _name;
    private string? _args;
    private string? _result;
    private string? _statusMessage;
    private int _statusCode;
    private bool _ended;

    internal ToolCall(TccClient client, string runId, string? toolName, string? toolCallId, Activity? runActivity = null)
    {
        RecordGuard.ThrowIfNull(runId, nameof(runId));
        RecordGuard.CheckId(runId, nameof(runId));
        RecordGuard.CheckId(toolCallId, nameof(toolCallId));
        _client = client;
        RunId = runId;
        ToolCallId = toolCallId ?? RecordGuard.NewId();
        _name = toolName;
        StartTime = RecordGuard.UtcNowMilliseconds();
        _activity = TccActivities.StartChild(TccActivities.ExecuteTool, runId, runActivity);
        _activity?.SetTag(TccActivities.ToolCallId, ToolCallId);
    }

    /// <summary>The id of the run this tool call belongs to.</summary>
    public string RunId { get; }

    /// <summary>The tool call's id: the one given, else a new lowercase UUID v4.</summary>
    public string ToolCallId { get; }

    internal DateTime StartTime { get; }

    internal DateTime EndTime { get; private set; }

    long IExportItem.Sequence { get; set; }

    ExportKind IExportItem.Kind => ExportKind.ToolCall;

    /// <summary>Sets the tool's name (required before <see cref="End"/>).</summary>
    /// <param name="toolName">The name, for example <c>"get_weather"</c>.</param>
    /// <returns>This tool call.</returns>
    public ToolCall Name(string toolName)
    {
        RecordGuard.ThrowIfNull(toolName, nameof(toolName));
        _lock.Enter();
        try
        {
            RecordGuard.ThrowIfEnded(_ended, "Tool call");
            _name = toolName;
        }
        finally
        {
            _lock.Exit();
        }

        return this;
    }

    /// <summary>Sets the arguments the tool was called with, as JSON text.</summary>
    /// <param name="json">The arguments as JSON text.</param>
    /// <returns>This tool call.</returns>
    public ToolCall Args(string json)
    {
        RecordGuard.ThrowIfNull(json, nameof(json));
        _lock.Enter();
        try
        {
            RecordGuard.ThrowIfEnded(_ended, "Tool call");
            _args = json;
        }
        finally
        {
            _lock.Exit();
        }

        return this;
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
        _lock.Enter();
        try
        {
            RecordGuard.ThrowIfEnded(_ended, "Tool call");
            _result = json;
        }
        finally
        {
            _lock.Exit();
        }

        return this;
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
        RecordGuard.CheckStatusCode(code);
        string? redacted = RecordGuard.RedactStatus(message);
        _lock.Enter();
        try
        {
            RecordGuard.ThrowIfEnded(_ended, "Tool call");
            _statusCode = code;
            _statusMessage = redacted;
        }
        finally
        {
            _lock.Exit();
        }

        return this;
    }

    /// <summary>Ends the tool call and hands it to the background delivery. Returns at once.</summary>
    /// <exception cref="InvalidOperationException">No name was set, or the tool call has already ended.</exception>
    public void End()
    {
        _lock.Enter();
        try
        {
            RecordGuard.ThrowIfEnded(_ended, "Tool call");
            if (_name is null)
            {
                throw new InvalidOperationException("[TCC] Cannot end tool call: name is required. Call tc.Name(...) before tc.End()");
            }

            EndTime = RecordGuard.UtcNowMilliseconds();
            _ended = true;
        }
        finally
        {
            _lock.Exit();
        }

        Finish();
    }

    /// <summary>Marks the tool call as failed (status 2) and hands it to the background delivery. Without a name it is sent as <c>"unknown"</c>.</summary>
    /// <param name="statusMessage">A description of the error (redacted of credentials), or null.</param>
    /// <exception cref="InvalidOperationException">The tool call has already ended.</exception>
    public void Error(string? statusMessage = null)
    {
        string? redacted = RecordGuard.RedactStatus(statusMessage);
        _lock.Enter();
        try
        {
            RecordGuard.ThrowIfEnded(_ended, "Tool call");
            _name ??= UnknownToolName;
            _statusCode = RecordGuard.StatusError;
            _statusMessage = redacted;
            EndTime = RecordGuard.UtcNowMilliseconds();
            _ended = true;
        }
        finally
        {
            _lock.Exit();
        }

        Finish();
    }

    /// <summary>Completes the tool call's Activity, if any, then hands the tool call to the delivery.</summary>
    private void Finish() => _client.Finish(this, _activity, static (activity, toolCall) => toolCall.SetActivityTags(activity), "tool call");

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
