using System;
using System.Collections.Generic;
using System.Text.Json;

namespace ContextCompany.Tool.Runs;

/// <summary>
/// Reads one line of a runs file into records: the SDK's wire items (<c>run</c>, <c>step</c>, <c>tool_call</c>,
/// <c>feedback</c>), and <c>batch</c> lines, which hold several. Unknown members are skipped, so files written by
/// newer SDKs still read; a line that is not such an item gets a message that says why.
/// </summary>
internal static class RecordParser
{
    /// <summary>Adds the records of <paramref name="line"/> to <paramref name="records"/>; returns null, or why the line was not read (then nothing is added).</summary>
    public static string? Parse(ReadOnlySpan<byte> line, int lineNumber, List<RunFileRecord> records) =>
        Parse(line, lineNumber, records, summaryOnly: false);

    /// <summary>Adds the records of <paramref name="line"/> to <paramref name="records"/>; returns null, or why the line was not read (then nothing is added).</summary>
    /// <param name="line">The line's bytes.</param>
    /// <param name="lineNumber">Its number, counted from 1.</param>
    /// <param name="records">Where its records go.</param>
    /// <param name="summaryOnly">
    /// Skip, unread, the texts of steps and tool calls (prompts, responses, models, tool definitions, arguments,
    /// results): a listing only counts and sums children, and these texts are most of a file's bytes. Runs are read whole.
    /// </param>
    public static string? Parse(ReadOnlySpan<byte> line, int lineNumber, List<RunFileRecord> records, bool summaryOnly)
    {
        int count = records.Count;
        try
        {
            Utf8JsonReader reader = new(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "not a JSON object";
            }

            ReadItem(ref reader, lineNumber, records, summaryOnly);
            if (reader.Read())
            {
                return "more than one JSON value on one line";
            }

            return null;
        }
        catch (JsonException exception)
        {
            records.RemoveRange(count, records.Count - count);
            return "not valid JSON (" + exception.Message + ")";
        }
        catch (InvalidLineException exception)
        {
            records.RemoveRange(count, records.Count - count);
            return exception.Message;
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException)
        {
            records.RemoveRange(count, records.Count - count);
            return "a member has a value of the wrong kind (" + exception.Message + ")";
        }
    }

    /// <summary>Reads the object the reader stands on (its start) to its end.</summary>
    private static void ReadItem(ref Utf8JsonReader reader, int lineNumber, List<RunFileRecord> records, bool summaryOnly)
    {
        Fields fields = new();
        List<RunFileRecord>? items = null;
        Span<char> nameBuffer = stackalloc char[MaxNameLength];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Names are matched as characters on the stack: a string per member name of every line adds up.
            ReadOnlySpan<char> name = reader.ValueSpan.Length <= MaxNameLength && !reader.HasValueSequence
                ? nameBuffer[..reader.CopyString(nameBuffer)]
                : "(long name)";
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue; // the SDK leaves absent members out; a null is read as absent
            }

            if (summaryOnly && IsChildText(name) && fields.Type is "step" or "tool_call")
            {
                reader.Skip();
                continue;
            }

            switch (name)
            {
                case "type": fields.Type = ReadType(ref reader); break;
                case "run_id": case "runId": fields.RunId = reader.GetString(); break;
                case "step_id": fields.StepId = reader.GetString(); break;
                case "tool_call_id": fields.ToolCallId = reader.GetString(); break;
                case "tool_name": fields.ToolName = reader.GetString(); break;
                case "session_id": fields.SessionId = reader.GetString(); break;
                case "conversational": fields.Conversational = reader.GetBoolean(); break;
                case "start_time": fields.StartTime = reader.GetDateTimeOffset().UtcDateTime; break;
                case "end_time": fields.EndTime = reader.GetDateTimeOffset().UtcDateTime; break;
                case "status_code": fields.StatusCode = reader.GetInt32(); break;
                case "status_message": fields.StatusMessage = reader.GetString(); break;
                case "prompt" when reader.TokenType == JsonTokenType.StartObject: ReadRunPrompt(ref reader, ref fields); break;
                case "prompt": fields.Prompt = reader.GetString(); break;
                case "response": fields.Response = reader.GetString(); break;
                case "full_output": fields.FullOutput = reader.GetString(); break;
                case "metadata": fields.Metadata = ReadMetadata(ref reader); break;
                case "model_requested": fields.ModelRequested = reader.GetString(); break;
                case "model_used": fields.ModelUsed = reader.GetString(); break;
                case "finish_reason": fields.FinishReason = reader.GetString(); break;
                case "prompt_uncached_tokens": fields.PromptUncachedTokens = reader.GetInt32(); break;
                case "prompt_cached_tokens": fields.PromptCachedTokens = reader.GetInt32(); break;
                case "completion_tokens": fields.CompletionTokens = reader.GetInt32(); break;
                case "real_total_cost": fields.RealTotalCost = reader.GetDouble(); break;
                case "tool_definitions": fields.ToolDefinitions = reader.GetString(); break;
                case "ttft_ms": fields.TimeToFirstTokenMs = reader.GetInt64(); break;
                case "args": fields.Args = reader.GetString(); break;
                case "result": fields.Result = reader.GetString(); break;
                case "score": fields.Score = reader.GetString(); break;
                case "text": fields.Text = reader.GetString(); break;
                case "items": items = ReadItems(ref reader, lineNumber, summaryOnly); break;
                default: reader.Skip(); break;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new InvalidLineException("not a JSON object");
        }

        // A record with one of its two times uses it for both.
        DateTime startTime = fields.StartTime ?? fields.EndTime ?? default;
        DateTime endTime = fields.EndTime ?? fields.StartTime ?? default;
        switch (fields.Type)
        {
            case "batch":
                records.AddRange(items ?? throw new InvalidLineException("a batch without \"items\""));
                break;
            case "run":
                records.Add(new RunRecord
                {
                    RunId = Required(fields.RunId, "run_id"),
                    LineNumber = lineNumber,
                    StartTime = startTime,
                    EndTime = endTime,
                    StatusCode = fields.StatusCode,
                    StatusMessage = fields.StatusMessage,
                    SessionId = fields.SessionId,
                    Conversational = fields.Conversational,
                    UserPrompt = fields.UserPrompt,
                    SystemPrompt = fields.SystemPrompt,
                    FullInput = fields.FullInput,
                    Response = fields.Response,
                    FullOutput = fields.FullOutput,
                    Metadata = fields.Metadata ?? [],
                });
                break;
            case "step":
                records.Add(new StepRecord
                {
                    RunId = Required(fields.RunId, "run_id"),
                    StepId = Required(fields.StepId, "step_id"),
                    LineNumber = lineNumber,
                    StartTime = startTime,
                    EndTime = endTime,
                    StatusCode = fields.StatusCode,
                    StatusMessage = fields.StatusMessage,
                    Prompt = fields.Prompt,
                    Response = fields.Response,
                    ModelRequested = fields.ModelRequested,
                    ModelUsed = fields.ModelUsed,
                    FinishReason = fields.FinishReason,
                    PromptUncachedTokens = fields.PromptUncachedTokens,
                    PromptCachedTokens = fields.PromptCachedTokens,
                    CompletionTokens = fields.CompletionTokens,
                    RealTotalCost = fields.RealTotalCost,
                    ToolDefinitions = fields.ToolDefinitions,
                    TimeToFirstTokenMs = fields.TimeToFirstTokenMs,
                });
                break;
            case "tool_call":
                records.Add(new ToolCallRecord
                {
                    RunId = Required(fields.RunId, "run_id"),
                    ToolCallId = Required(fields.ToolCallId, "tool_call_id"),
                    ToolName = fields.ToolName ?? "unknown",
                    LineNumber = lineNumber,
                    StartTime = startTime,
                    EndTime = endTime,
                    StatusCode = fields.StatusCode,
                    StatusMessage = fields.StatusMessage,
                    Args = fields.Args,
                    Result = fields.Result,
                });
                break;
            case "feedback":
                records.Add(new FeedbackRecord
                {
                    RunId = Required(fields.RunId, "runId"),
                    LineNumber = lineNumber,
                    Score = fields.Score,
                    Text = fields.Text,
                });
                break;
            case null:
                throw new InvalidLineException("no \"type\" member (run, step, tool_call, feedback or batch)");
            default:
                throw new InvalidLineException($"unknown type \"{fields.Type}\" (expected run, step, tool_call, feedback or batch)");
        }
    }

    /// <summary>Longer than any member name of the wire format: a longer one is unknown and skipped.</summary>
    private const int MaxNameLength = 32;

    /// <summary>The members of a step or tool call that a summary does not need (ids and tool names are kept: they are short, and required).</summary>
    private static bool IsChildText(ReadOnlySpan<char> name) =>
        name is "prompt" or "response" or "model_requested" or "model_used" or "finish_reason" or "tool_definitions" or "args" or "result";

    /// <summary>The item's type, the known ones as shared strings.</summary>
    private static string? ReadType(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("run"u8) ? "run"
        : reader.ValueTextEquals("step"u8) ? "step"
        : reader.ValueTextEquals("tool_call"u8) ? "tool_call"
        : reader.ValueTextEquals("feedback"u8) ? "feedback"
        : reader.ValueTextEquals("batch"u8) ? "batch"
        : reader.GetString();

    private static List<RunFileRecord> ReadItems(ref Utf8JsonReader reader, int lineNumber, bool summaryOnly)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new InvalidLineException("a batch whose \"items\" is not an array");
        }

        List<RunFileRecord> items = [];
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidLineException("a batch item that is not an object");
            }

            ReadItem(ref reader, lineNumber, items, summaryOnly);
        }

        return items;
    }

    private static void ReadRunPrompt(ref Utf8JsonReader reader, ref Fields fields)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Compared as bytes: no string per member name.
            bool user = reader.ValueTextEquals("user_prompt"u8);
            bool system = !user && reader.ValueTextEquals("system_prompt"u8);
            bool full = !user && !system && reader.ValueTextEquals("full_input"u8);
            reader.Read();
            if (user)
            {
                fields.UserPrompt = reader.GetString();
            }
            else if (system)
            {
                fields.SystemPrompt = reader.GetString();
            }
            else if (full)
            {
                fields.FullInput = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static List<KeyValuePair<string, string>> ReadMetadata(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidLineException("\"metadata\" is not an object");
        }

        List<KeyValuePair<string, string>> metadata = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                metadata.Add(new(key, reader.GetString()!));
            }
            else
            {
                reader.Skip();
            }
        }

        return metadata;
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw new InvalidLineException($"no \"{name}\" member") : value;

    /// <summary>Every member any item may have, filled as they come (the type may come last).</summary>
    private struct Fields
    {
        public string? Type, RunId, StepId, ToolCallId, ToolName, SessionId, StatusMessage;
        public string? Prompt, UserPrompt, SystemPrompt, FullInput, Response, FullOutput;
        public string? ModelRequested, ModelUsed, FinishReason, ToolDefinitions, Args, Result, Score, Text;
        public bool? Conversational;
        public DateTime? StartTime, EndTime;
        public int StatusCode;
        public int? PromptUncachedTokens, PromptCachedTokens, CompletionTokens;
        public double? RealTotalCost;
        public long? TimeToFirstTokenMs;
        public List<KeyValuePair<string, string>>? Metadata;
    }

    private sealed class InvalidLineException(string message) : Exception(message);
}
