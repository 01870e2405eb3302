using System;
using System.Collections.Generic;

namespace ContextCompany.Tool.Runs;

/// <summary>What one line of a runs file holds: a run, a step, a tool call or feedback (the SDK's wire items).</summary>
internal abstract class RunFileRecord
{
    /// <summary>The run the item belongs to (<c>run_id</c>, or <c>runId</c> for feedback).</summary>
    public required string RunId { get; init; }

    /// <summary>The line of the file it was read from, counted from 1.</summary>
    public int LineNumber { get; init; }
}

/// <summary>A record with a start, an end and a status: runs, steps and tool calls.</summary>
internal abstract class TimedRecord : RunFileRecord
{
    public DateTime StartTime { get; init; }

    public DateTime EndTime { get; init; }

    /// <summary>0 or 1: ok; 2: error.</summary>
    public int StatusCode { get; init; }

    public string? StatusMessage { get; init; }

    public bool IsError => StatusCode == 2;

    public TimeSpan Duration => EndTime >= StartTime ? EndTime - StartTime : TimeSpan.Zero;
}

/// <summary>A <c>"type":"run"</c> line.</summary>
internal sealed class RunRecord : TimedRecord
{
    public string? SessionId { get; init; }

    public bool? Conversational { get; init; }

    public string? UserPrompt { get; init; }

    public string? SystemPrompt { get; init; }

    public string? FullInput { get; init; }

    public string? Response { get; init; }

    public string? FullOutput { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];

    /// <summary>The agent's name (<c>tcc.agent</c> metadata), if any.</summary>
    public string? Agent => MetadataValue("tcc.agent");

    public string? MetadataValue(string key)
    {
        foreach (KeyValuePair<string, string> pair in Metadata)
        {
            if (pair.Key == key)
            {
                return pair.Value;
            }
        }

        return null;
    }
}

/// <summary>A <c>"type":"step"</c> line: one model call.</summary>
internal sealed class StepRecord : TimedRecord
{
    public required string StepId { get; init; }

    public string? Prompt { get; init; }

    public string? Response { get; init; }

    public string? ModelRequested { get; init; }

    public string? ModelUsed { get; init; }

    public string? FinishReason { get; init; }

    public int? PromptUncachedTokens { get; init; }

    public int? PromptCachedTokens { get; init; }

    public int? CompletionTokens { get; init; }

    /// <summary>The cost in US dollars (<c>real_total_cost</c>).</summary>
    public double? RealTotalCost { get; init; }

    public string? ToolDefinitions { get; init; }

    /// <summary>Time to the first token of a stream (<c>ttft_ms</c>).</summary>
    public long? TimeToFirstTokenMs { get; init; }

    /// <summary>The model to show: the one that answered, else the one asked for.</summary>
    public string? Model => ModelUsed ?? ModelRequested;

    public int TotalTokens => (PromptUncachedTokens ?? 0) + (PromptCachedTokens ?? 0) + (CompletionTokens ?? 0);
}

/// <summary>A <c>"type":"tool_call"</c> line.</summary>
internal sealed class ToolCallRecord : TimedRecord
{
    public required string ToolCallId { get; init; }

    public required string ToolName { get; init; }

    public string? Args { get; init; }

    public string? Result { get; init; }
}

/// <summary>A <c>"type":"feedback"</c> line: end-user feedback the SDK recorded locally (no API key).</summary>
internal sealed class FeedbackRecord : RunFileRecord
{
    /// <summary><c>thumbs_up</c> or <c>thumbs_down</c>, if given.</summary>
    public string? Score { get; init; }

    public string? Text { get; init; }
}

/// <summary>A line that could not be read, with why: reported with its number, the rest of the file still read.</summary>
internal sealed record RunFileError(int LineNumber, string Message)
{
    public override string ToString() => $"line {LineNumber}: {Message}";
}
