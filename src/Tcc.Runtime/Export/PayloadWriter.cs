using System;
using System.Collections.Generic;
using System.Text.Json;
using ContextCompany.Diagnostics;
using ContextCompany.Model;

namespace ContextCompany.Export;

/// <summary>
/// Writes the wire format (snake_case, optional members left out, millisecond UTC timestamps) with a
/// <see cref="Utf8JsonWriter"/>: no reflection, safe for trimming and AOT. One instance per delivery
/// worker, reused for every payload.
/// </summary>
internal sealed class PayloadWriter
{
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText RunType = JsonEncodedText.Encode("run");
    private static readonly JsonEncodedText StepType = JsonEncodedText.Encode("step");
    private static readonly JsonEncodedText ToolCallType = JsonEncodedText.Encode("tool_call");
    private static readonly JsonEncodedText RunIdName = JsonEncodedText.Encode("run_id");
    private static readonly JsonEncodedText StepIdName = JsonEncodedText.Encode("step_id");
    private static readonly JsonEncodedText ToolCallIdName = JsonEncodedText.Encode("tool_call_id");
    private static readonly JsonEncodedText ToolNameName = JsonEncodedText.Encode("tool_name");
    private static readonly JsonEncodedText SessionIdName = JsonEncodedText.Encode("session_id");
    private static readonly JsonEncodedText ConversationalName = JsonEncodedText.Encode("conversational");
    private static readonly JsonEncodedText StartTimeName = JsonEncodedText.Encode("start_time");
    private static readonly JsonEncodedText EndTimeName = JsonEncodedText.Encode("end_time");
    private static readonly JsonEncodedText StatusCodeName = JsonEncodedText.Encode("status_code");
    private static readonly JsonEncodedText StatusMessageName = JsonEncodedText.Encode("status_message");
    private static readonly JsonEncodedText PromptName = JsonEncodedText.Encode("prompt");
    private static readonly JsonEncodedText UserPromptName = JsonEncodedText.Encode("user_prompt");
    private static readonly JsonEncodedText SystemPromptName = JsonEncodedText.Encode("system_prompt");
    private static readonly JsonEncodedText ResponseName = JsonEncodedText.Encode("response");
    private static readonly JsonEncodedText MetadataName = JsonEncodedText.Encode("metadata");
    private static readonly JsonEncodedText ModelRequestedName = JsonEncodedText.Encode("model_requested");
    private static readonly JsonEncodedText ModelUsedName = JsonEncodedText.Encode("model_used");
    private static readonly JsonEncodedText FinishReasonName = JsonEncodedText.Encode("finish_reason");
    private static readonly JsonEncodedText PromptUncachedTokensName = JsonEncodedText.Encode("prompt_uncached_tokens");
    private static readonly JsonEncodedText PromptCachedTokensName = JsonEncodedText.Encode("prompt_cached_tokens");
    private static readonly JsonEncodedText CompletionTokensName = JsonEncodedText.Encode("completion_tokens");
    private static readonly JsonEncodedText RealTotalCostName = JsonEncodedText.Encode("real_total_cost");
    private static readonly JsonEncodedText TimeToFirstTokenName = JsonEncodedText.Encode("ttft_ms");
    private static readonly JsonEncodedText ToolDefinitionsName = JsonEncodedText.Encode("tool_definitions");
    private static readonly JsonEncodedText ArgsName = JsonEncodedText.Encode("args");
    private static readonly JsonEncodedText ResultName = JsonEncodedText.Encode("result");
    private static readonly JsonEncodedText FeedbackRunIdName = JsonEncodedText.Encode("runId");
    private static readonly JsonEncodedText ScoreName = JsonEncodedText.Encode("score");
    private static readonly JsonEncodedText TextName = JsonEncodedText.Encode("text");
    private static readonly JsonEncodedText FeedbackType = JsonEncodedText.Encode("feedback");
    private static readonly JsonEncodedText BatchType = JsonEncodedText.Encode("batch");
    private static readonly JsonEncodedText ItemsName = JsonEncodedText.Encode("items");
    private static readonly JsonEncodedText FullInputName = JsonEncodedText.Encode("full_input");
    private static readonly JsonEncodedText FullOutputName = JsonEncodedText.Encode("full_output");

    // Escapes only what JSON requires (and HTML-sensitive characters are left alone: this is an API body,
    // not a web page), so text such as "15°C" travels as UTF-8. A lone surrogate, which has no UTF-8 form,
    // becomes U+FFFD: its \uD800 escape would be valid JSON grammar, but strict parsers (System.Text.Json,
    // serde_json) refuse it and the service would reject the whole run.
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true, // the writer's own calls are balanced; validating them again costs time per payload
    };

    private readonly TccDiagnostics _diagnostics;
    private readonly ByteBuffer _output = new();
    private readonly Utf8JsonWriter _json;

    public PayloadWriter(TccDiagnostics diagnostics)
    {
        _diagnostics = diagnostics;
        _json = new Utf8JsonWriter(_output, Options);
    }

    /// <summary>The UTF-8 JSON of <paramref name="item"/>; valid until the next call.</summary>
    public ArraySegment<byte> Write(IExportItem item)
    {
        Begin();
        item.WritePayload(this);
        return End();
    }

    /// <summary>The feedback body: camelCase, absent members left out. With <paramref name="tagged"/>, a <c>type</c> member marks it in the local file.</summary>
    public ArraySegment<byte> WriteFeedback(string runId, string? score, string? text, bool tagged)
    {
        Begin();
        _json.WriteStartObject();
        if (tagged)
        {
            _json.WriteString(Type, FeedbackType);
        }

        WriteText(FeedbackRunIdName, runId);
        WriteOptionalText(ScoreName, score);
        WriteOptionalText(TextName, text);
        _json.WriteEndObject();
        return End();
    }

    /// <summary>A run and its children in one object: <c>{"type":"batch","items":[run, ...]}</c>.</summary>
    internal void WriteBatch(RunBatch batch)
    {
        _json.WriteStartObject();
        _json.WriteString(Type, BatchType);
        _json.WriteStartArray(ItemsName);
        batch.Run.WriteRunPayload(this);
        foreach (IExportItem child in batch.Children)
        {
            child.WritePayload(this);
        }

        _json.WriteEndArray();
        _json.WriteEndObject();
    }

    internal void WriteRun(
        AgentRun run,
        string? userPrompt,
        string? systemPrompt,
        string? fullInput,
        string? response,
        string? fullOutput,
        RecordStatus statusCode,
        string? statusMessage,
        ReadOnlySpan<KeyValuePair<string, string>> metadata)
    {
        _json.WriteStartObject();
        _json.WriteString(Type, RunType);
        run.Id.WriteTo(_json, RunIdName);

        WriteOptionalText(SessionIdName, run.SessionId);
        if (run.Conversational is bool conversational)
        {
            _json.WriteBoolean(ConversationalName, conversational);
        }

        WriteTimestamp(StartTimeName, run.StartTime);
        WriteTimestamp(EndTimeName, run.EndTime);
        _json.WriteNumber(StatusCodeName, (int)statusCode);
        WriteOptionalText(StatusMessageName, statusMessage);
        if (userPrompt is not null)
        {
            _json.WriteStartObject(PromptName);
            WriteText(UserPromptName, userPrompt);
            WriteOptionalText(SystemPromptName, systemPrompt);
            WriteOptionalText(FullInputName, fullInput);
            _json.WriteEndObject();
        }

        WriteOptionalText(ResponseName, response);
        WriteOptionalText(FullOutputName, fullOutput);
        if (metadata.Length > 0)
        {
            WriteMetadata(metadata);
        }

        _json.WriteEndObject();
    }

    internal void WriteStep(AgentStep step, in StepFields fields)
    {
        _json.WriteStartObject();
        _json.WriteString(Type, StepType);
        WriteText(RunIdName, step.RunId);
        step.Id.WriteTo(_json, StepIdName);
        WriteTimestamp(StartTimeName, step.StartTime);
        WriteTimestamp(EndTimeName, step.EndTime);
        _json.WriteNumber(StatusCodeName, (int)fields.StatusCode);
        WriteOptionalText(StatusMessageName, fields.StatusMessage);
        WriteOptionalText(PromptName, fields.Prompt);
        WriteOptionalText(ResponseName, fields.Response);
        WriteOptionalText(ModelRequestedName, fields.ModelRequested);
        WriteOptionalText(ModelUsedName, fields.ModelUsed);
        WriteOptionalText(FinishReasonName, fields.FinishReason);
        WriteOptionalNumber(PromptUncachedTokensName, fields.PromptUncachedTokens);
        WriteOptionalNumber(PromptCachedTokensName, fields.PromptCachedTokens);
        WriteOptionalNumber(CompletionTokensName, fields.CompletionTokens);
        if (fields.RealTotalCost is double cost)
        {
            _json.WriteNumber(RealTotalCostName, cost);
        }

        WriteOptionalText(ToolDefinitionsName, fields.ToolDefinitions);
        if (fields.TimeToFirstToken is TimeSpan timeToFirstToken)
        {
            // Whole milliseconds, as the service's other integrations send them.
            _json.WriteNumber(TimeToFirstTokenName, timeToFirstToken.Ticks / TimeSpan.TicksPerMillisecond);
        }

        _json.WriteEndObject();
    }

    internal void WriteToolCall(ToolCall toolCall, string toolName, string? args, string? result, RecordStatus statusCode, string? statusMessage)
    {
        _json.WriteStartObject();
        _json.WriteString(Type, ToolCallType);
        WriteText(RunIdName, toolCall.RunId);
        toolCall.Id.WriteTo(_json, ToolCallIdName);
        WriteText(ToolNameName, toolName);
        WriteTimestamp(StartTimeName, toolCall.StartTime);
        WriteTimestamp(EndTimeName, toolCall.EndTime);
        _json.WriteNumber(StatusCodeName, (int)statusCode);
        WriteOptionalText(StatusMessageName, statusMessage);
        WriteOptionalText(ArgsName, args);
        WriteOptionalText(ResultName, result);
        _json.WriteEndObject();
    }

    private void Begin()
    {
        _output.Clear();
        _json.Reset(_output);
    }

    private ArraySegment<byte> End()
    {
        _json.Flush();
        return _output.WrittenSegment;
    }

    private void WriteMetadata(ReadOnlySpan<KeyValuePair<string, string>> metadata)
    {
        bool started = false;
        for (int i = 0; i < metadata.Length; i++)
        {
            KeyValuePair<string, string> pair = metadata[i];
            if (!MetadataRules.ShouldSend(pair.Key, pair.Value, metadata, _diagnostics))
            {
                continue;
            }

            if (!started)
            {
                _json.WriteStartObject(MetadataName);
                started = true;
            }

            _json.WriteString(pair.Key, pair.Value);
        }

        if (started)
        {
            _json.WriteEndObject();
        }
    }

    private void WriteText(JsonEncodedText name, string value) => _json.WriteString(name, value);

    private void WriteOptionalText(JsonEncodedText name, string? value)
    {
        if (value is not null)
        {
            WriteText(name, value);
        }
    }

    private void WriteOptionalNumber(JsonEncodedText name, int? value)
    {
        if (value is int number)
        {
            _json.WriteNumber(name, number);
        }
    }

    private void WriteTimestamp(JsonEncodedText name, DateTime utc)
    {
        Span<byte> text = stackalloc byte[24];
        WireTimestamp.Format(utc, text);
        _json.WriteString(name, text);
    }
}

/// <summary>UTC ISO-8601 with exactly three fractional digits and <c>Z</c>: <c>2026-03-01T12:00:00.123Z</c>.</summary>
internal static class WireTimestamp
{
    public const int Length = 24;

    public static void Format(DateTime utc, Span<byte> destination)
    {
        Write4(destination, 0, utc.Year);
        destination[4] = (byte)'-';
        Write2(destination, 5, utc.Month);
        destination[7] = (byte)'-';
        Write2(destination, 8, utc.Day);
        destination[10] = (byte)'T';
        Write2(destination, 11, utc.Hour);
        destination[13] = (byte)':';
        Write2(destination, 14, utc.Minute);
        destination[16] = (byte)':';
        Write2(destination, 17, utc.Second);
        destination[19] = (byte)'.';
        int millisecond = utc.Millisecond;
        destination[20] = (byte)('0' + (millisecond / 100));
        destination[21] = (byte)('0' + (millisecond / 10 % 10));
        destination[22] = (byte)('0' + (millisecond % 10));
        destination[23] = (byte)'Z';
    }

    private static void Write2(Span<byte> destination, int offset, int value)
    {
        destination[offset] = (byte)('0' + (value / 10));
        destination[offset + 1] = (byte)('0' + (value % 10));
    }

    private static void Write4(Span<byte> destination, int offset, int value)
    {
        Write2(destination, offset, value / 100);
        Write2(destination, offset + 2, value % 100);
    }
}
