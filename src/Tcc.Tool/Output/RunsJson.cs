using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
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
        char[] chars = ArrayPool<char>.Shared.Rent(ChunkBytes * 2);
        try
        {
            using Utf8JsonWriter json = new(buffer, Options);
            json.WriteStartArray();
            foreach (LocalRun run in runs)
            {
                WriteRun(json, run);
                if (json.BytesPending + buffer.WrittenCount >= ChunkBytes)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    json.Flush();
                    Drain(buffer, ref chars, output);
                }
            }

            json.WriteEndArray();
            json.Flush();
            Drain(buffer, ref chars, output);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }

        output.WriteLine();
        output.Flush();
    }

    private static void WriteRun(Utf8JsonWriter json, LocalRun run)
    {
        json.WriteStartObject();
        json.WriteString("run_id"u8, run.RunId);
        WriteTime(json, "start_time"u8, run.StartTime);
        WriteTime(json, "end_time"u8, run.EndTime);
        json.WriteString("agent"u8, run.Agent);
        json.WriteString("session_id"u8, run.SessionId);
        json.WriteString("status"u8, run.Status);
        json.WriteString("status_message"u8, run.StatusMessage);
        json.WriteNumber("duration_ms"u8, (long)run.Duration.TotalMilliseconds);
        json.WriteString("prompt"u8, run.Prompt);
        json.WriteString("response"u8, run.Response);
        json.WriteNumber("steps"u8, run.StepCount);
        json.WriteNumber("tool_calls"u8, run.ToolCallCount);
        json.WriteNumber("failed_children"u8, run.FailedChildren);
        json.WriteNumber("feedback"u8, run.FeedbackCount);
        json.WriteNumber("prompt_tokens"u8, run.PromptTokens);
        json.WriteNumber("completion_tokens"u8, run.CompletionTokens);
        json.WriteNumber("total_tokens"u8, run.TotalTokens);
        if (run.Cost is double cost)
        {
            json.WriteNumber("cost_usd"u8, cost);
        }
        else
        {
            json.WriteNull("cost_usd"u8);
        }

        json.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter json, ReadOnlySpan<byte> name, DateTime utc)
    {
        Span<byte> text = stackalloc byte[32];
        if (utc == default)
        {
            json.WriteNull(name);
        }
        else if (utc.TryFormat(text, out int written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
        {
            json.WriteString(name, text[..written]);
        }
        else
        {
            json.WriteString(name, Formats.IsoTime(utc));
        }
    }

    /// <summary>Hands the bytes written so far to <paramref name="output"/> through one reused character buffer (no string per chunk).</summary>
    private static void Drain(ArrayBufferWriter<byte> buffer, ref char[] chars, TextWriter output)
    {
        if (buffer.WrittenCount == 0)
        {
            return;
        }

        if (chars.Length < buffer.WrittenCount)
        {
            // One run far longer than a chunk (a huge prompt): UTF-8 never has fewer bytes than UTF-16 has chars.
            ArrayPool<char>.Shared.Return(chars);
            chars = ArrayPool<char>.Shared.Rent(buffer.WrittenCount);
        }

        // Whole runs only: a chunk never ends inside a character.
        int count = Encoding.UTF8.GetChars(buffer.WrittenSpan, chars);
        output.Write(chars, 0, count);
        buffer.Clear();
    }
}
