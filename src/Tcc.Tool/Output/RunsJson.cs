using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using ContextCompany.Tool.Runs;

namespace ContextCompany.Tool.Output;

/// <summary>
/// <c>tcc runs --json</c>: a JSON array of runs, one object each, with snake_case names like the runs file. Every
/// member is written, null when the run has no value, so a script sees the same shape on every run.
/// </summary>
internal static class RunsJson
{
    // Written in chunks: a file of 100,000 runs never sits whole in memory as one string.
    private const int ChunkBytes = 64 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Prompts in any language stay readable; the output is a terminal or a pipe, never HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(TextWriter output, IReadOnlyList<LocalRun> runs, CancellationToken cancellationToken)
    {
        ArrayBufferWriter<byte> buffer = new(ChunkBytes * 2);
        using (Utf8JsonWriter json = new(buffer, Options))
        {
            json.WriteStartArray();
            foreach (LocalRun run in runs)
            {
                WriteRun(json, run);
                if (json.BytesPending + buffer.WrittenCount >= ChunkBytes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    json.Flush();
                    Drain(buffer, output);
                }
            }

            json.WriteEndArray();
        }

        Drain(buffer, output);
        output.WriteLine();
        output.Flush();
    }

    private static void WriteRun(Utf8JsonWriter json, LocalRun run)
    {
        json.WriteStartObject();
        json.WriteString("run_id", run.RunId);
        WriteTime(json, "start_time", run.StartTime);
        WriteTime(json, "end_time", run.EndTime);
        json.WriteString("agent", run.Agent);
        json.WriteString("session_id", run.SessionId);
        json.WriteString("status", run.Status);
        json.WriteString("status_message", run.StatusMessage);
        json.WriteNumber("duration_ms", (long)run.Duration.TotalMilliseconds);
        json.WriteString("prompt", run.Prompt);
        json.WriteString("response", run.Response);
        json.WriteNumber("steps", run.StepCount);
        json.WriteNumber("tool_calls", run.ToolCallCount);
        json.WriteNumber("failed_children", run.FailedChildren);
        json.WriteNumber("feedback", run.FeedbackCount);
        json.WriteNumber("prompt_tokens", run.PromptTokens);
        json.WriteNumber("completion_tokens", run.CompletionTokens);
        json.WriteNumber("total_tokens", run.TotalTokens);
        if (run.Cost is double cost)
        {
            json.WriteNumber("cost_usd", cost);
        }
        else
        {
            json.WriteNull("cost_usd");
        }

        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTime utc)
    {
        if (utc == default)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, Formats.IsoTime(utc));
        }
    }

    private static void Drain(ArrayBufferWriter<byte> buffer, TextWriter output)
    {
        if (buffer.WrittenCount > 0)
        {
            output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
            buffer.Clear();
        }
    }
}
