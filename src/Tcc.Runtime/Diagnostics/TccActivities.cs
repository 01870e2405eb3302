using System;
using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ContextCompany.Export;
using ContextCompany.Model;

namespace ContextCompany.Diagnostics;

/// <summary>
/// Runs, steps and tool calls as <see cref="Activity"/> objects of the <c>ContextCompany</c>
/// <see cref="ActivitySource"/>, named and tagged after the OpenTelemetry semantic conventions for
/// generative AI (<c>invoke_agent</c>, <c>chat</c>, <c>execute_tool</c>). With no listener on the source,
/// starting costs one check and nothing is allocated.
/// </summary>
internal static class TccActivities
{
    /// <summary>The name of the <see cref="ActivitySource"/>, to add to a tracer provider.</summary>
    public const string SourceName = "ContextCompany";

    public const string InvokeAgent = "invoke_agent";
    public const string Chat = "chat";
    public const string ExecuteTool = "execute_tool";

    // Attribute names of the conventions (and the SDK's own ids under tcc.*).
    public const string OperationName = "gen_ai.operation.name";
    public const string AgentName = "gen_ai.agent.name";
    public const string ConversationId = "gen_ai.conversation.id";
    public const string RequestModel = "gen_ai.request.model";
    public const string ResponseModel = "gen_ai.response.model";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string FinishReasons = "gen_ai.response.finish_reasons";
    public const string InputMessages = "gen_ai.input.messages";
    public const string OutputMessages = "gen_ai.output.messages";
    public const string SystemInstructions = "gen_ai.system_instructions";
    public const string ToolName = "gen_ai.tool.name";
    public const string ToolCallId = "gen_ai.tool.call.id";
    public const string ToolCallArguments = "gen_ai.tool.call.arguments";
    public const string ToolCallResult = "gen_ai.tool.call.result";
    public const string ErrorType = "error.type";
    public const string UserId = "user.id";
    public const string RunId = "tcc.run_id";
    public const string StepId = "tcc.step_id";
    public const string EvaluationResult = "gen_ai.evaluation.result";
    public const string EvaluationName = "gen_ai.evaluation.name";
    public const string EvaluationScoreLabel = "gen_ai.evaluation.score.label";
    public const string EvaluationScoreValue = "gen_ai.evaluation.score.value";
    public const string EvaluationExplanation = "gen_ai.evaluation.explanation";

    /// <summary>The <c>error.type</c> of a failure whose exception type is not known (a manual <c>Error()</c>).</summary>
    public const string OtherErrorType = "_OTHER";

    /// <summary>The <c>gen_ai.evaluation.name</c> of end-user feedback.</summary>
    public const string FeedbackEvaluationName = "user_feedback";

    public static readonly ActivitySource Source = new(SourceName, TccMetrics.Version);

    private static readonly JsonWriterOptions MessageWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Starts the Activity of a run, or returns null when nobody listens (the common case: one check).</summary>
    public static Activity? StartRun(AgentRun run, string? agentName)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        Activity? activity = Source.StartActivity(agentName is null ? InvokeAgent : InvokeAgent + " " + agentName, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(OperationName, InvokeAgent);
            if (agentName is not null)
            {
                activity.SetTag(AgentName, agentName);
            }

            if (run.SessionId is { } sessionId)
            {
                activity.SetTag(ConversationId, sessionId);
            }

            activity.SetTag(RunId, run.RunId);
        }

        return activity;
    }

    /// <summary>
    /// Starts the Activity of a step (<c>chat</c>) or tool call (<c>execute_tool</c>): the child of
    /// <paramref name="parent"/> (its run's) when given, else of the open Activity of run
    /// <paramref name="runId"/> when one is found on this flow, else of the current Activity.
    /// </summary>
    public static Activity? StartChild(string operation, string runId, Activity? parent)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        parent ??= FindOpenRun(runId);
        Activity? activity = parent is null || parent.IsStopped
            ? Source.StartActivity(operation, ActivityKind.Internal)
            : Source.StartActivity(operation, ActivityKind.Internal, parent.Context);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(OperationName, operation);
            activity.SetTag(RunId, runId);
        }

        return activity;
    }

    /// <summary>Sets the status of a finished record: nothing for unset, Ok for ok, Error with <c>error.type</c> for error.</summary>
    public static void SetStatus(Activity activity, RecordStatus status, string? statusMessage, string? errorType)
    {
        if (status == RecordStatus.Ok)
        {
            activity.SetStatus(ActivityStatusCode.Ok);
        }
        else if (status == RecordStatus.Error)
        {
            activity.SetStatus(ActivityStatusCode.Error, statusMessage);
            activity.SetTag(ErrorType, errorType ?? OtherErrorType);
        }
    }

    /// <summary>
    /// Completes the Activity of an ended record: <paramref name="setTags"/> (when the Activity records
    /// data), then stop. A listener that throws is reported once and never reaches the caller; the record is
    /// delivered all the same.
    /// </summary>
    public static void Complete<TRecord>(Activity activity, TRecord record, Action<Activity, TRecord> setTags, TccDiagnostics diagnostics, string what)
    {
        try
        {
            if (activity.IsAllDataRequested)
            {
                setTags(activity, record);
            }

            Stop(activity);
        }
        catch (Exception ex)
        {
            diagnostics.WarningOnce("activity:" + ex.GetType().FullName, $"[TCC] The {what}'s OpenTelemetry Activity could not be completed: {ex.Message}");
        }
    }

    /// <summary>Stops an Activity that a record ended, whatever thread or flow ends it.</summary>
    public static void Stop(Activity activity)
    {
        // Stop() makes the Activity's parent current again on the calling flow only when this Activity
        // is current there; a record ended from another flow leaves that flow's current Activity alone.
        Activity? current = Activity.Current;
        activity.Stop();
        if (current is not null && current != activity)
        {
            Activity.Current = current;
        }
    }

    /// <summary>The run's Activity of <paramref name="runId"/> if it is the current run's, or an open run Activity above the current one.</summary>
    public static Activity? FindOpenRun(string runId)
    {
        if (AgentRun.Current is { } run && string.Equals(run.RunId, runId, StringComparison.Ordinal))
        {
            return run.Activity;
        }

        for (Activity? activity = Activity.Current; activity is not null; activity = activity.Parent)
        {
            if (ReferenceEquals(activity.Source, Source) &&
                string.Equals(activity.GetTagItem(OperationName) as string, InvokeAgent, StringComparison.Ordinal) &&
                string.Equals(activity.GetTagItem(RunId) as string, runId, StringComparison.Ordinal))
            {
                return activity;
            }
        }

        return null;
    }

    /// <summary>Adds end-user feedback to a run's Activity that is still open, as a <c>gen_ai.evaluation.result</c> event.</summary>
    public static void AddFeedback(Activity? activity, string? score, string? text, bool captureContent)
    {
        if (activity is null || activity.IsStopped || !activity.IsAllDataRequested)
        {
            return;
        }

        ActivityTagsCollection tags = new() { { EvaluationName, FeedbackEvaluationName } };
        if (score is not null)
        {
            tags.Add(EvaluationScoreLabel, score);
            tags.Add(EvaluationScoreValue, score == TccRules.ThumbsUp ? 1.0 : 0.0);
        }

        if (text is not null && captureContent)
        {
            tags.Add(EvaluationExplanation, text);
        }

        activity.AddEvent(new ActivityEvent(EvaluationResult, tags: tags));
    }

    /// <summary><c>[{"role":"user","parts":[{"type":"text","content":...}]}]</c>: one message of one text part.</summary>
    public static string Messages(string role, string content, string? finishReason = null)
    {
        ByteBuffer buffer = new();
        using (Utf8JsonWriter writer = new(buffer, MessageWriterOptions))
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("role", role);
            writer.WritePropertyName("parts");
            writer.WriteStartArray();
            WriteTextPart(writer, content);
            writer.WriteEndArray();
            if (finishReason is not null)
            {
                writer.WriteString("finish_reason", finishReason);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        return Utf8(buffer);
    }

    /// <summary><c>[{"type":"text","content":...}]</c>: system instructions of one text part.</summary>
    public static string Instructions(string content)
    {
        ByteBuffer buffer = new();
        using (Utf8JsonWriter writer = new(buffer, MessageWriterOptions))
        {
            writer.WriteStartArray();
            WriteTextPart(writer, content);
            writer.WriteEndArray();
        }

        return Utf8(buffer);
    }

    private static void WriteTextPart(Utf8JsonWriter writer, string content)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("content", content);
        writer.WriteEndObject();
    }

    private static string Utf8(ByteBuffer buffer)
    {
        ArraySegment<byte> written = buffer.WrittenSegment;
        return Encoding.UTF8.GetString(written.Array!, written.Offset, written.Count);
    }
}
