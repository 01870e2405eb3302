using System;
using System.Collections.Generic;

namespace ContextCompany.Tool.Viewer;

/// <summary>A run as a row of the list: <c>GET /api/runs</c> and <c>GET /api/sessions/{id}</c>.</summary>
internal sealed record RunSummaryDto(
    string Id,
    string Status,
    string? Agent,
    string? SessionId,
    DateTime StartTime,
    double DurationMs,
    int Steps,
    int ToolCalls,
    int FailedChildren,
    long TotalTokens,
    double? Cost,
    int Feedback,
    string? Prompt);

/// <summary>A line of the file that could not be read, and why.</summary>
internal sealed record LineErrorDto(int Line, string Message);

/// <summary>What is wrong with the file: unreadable lines (the first ones) and their count, or a file that is gone.</summary>
internal sealed record FileHealthDto(string Path, int ErrorCount, IReadOnlyList<LineErrorDto> Errors, string? Problem);

/// <summary><c>GET /api/runs</c>: the newest runs that pass the filters.</summary>
internal sealed record RunListDto(long Version, int Total, IReadOnlyList<RunSummaryDto> Runs, FileHealthDto File);

/// <summary><c>GET /api/sessions/{id}</c>: a session's runs, oldest first.</summary>
internal sealed record SessionDto(long Version, string SessionId, IReadOnlyList<RunSummaryDto> Runs);

/// <summary><c>GET /api/changes</c>: the version now (the page reloads what it shows when it moved), and the file's health for the page's warning.</summary>
internal sealed record ChangesDto(long Version, FileHealthDto File);

/// <summary><c>GET /api/agents</c>: the agent names for the filter.</summary>
internal sealed record AgentsDto(IReadOnlyList<string> Agents);

/// <summary>A step (a model call) on the run's timeline.</summary>
internal sealed record StepDto(
    string Id,
    string Status,
    string? StatusMessage,
    DateTime StartTime,
    double OffsetMs,
    double DurationMs,
    string? Prompt,
    string? Response,
    string? ModelRequested,
    string? ModelUsed,
    string? FinishReason,
    int? PromptUncachedTokens,
    int? PromptCachedTokens,
    int? CompletionTokens,
    double? Cost,
    long? TtftMs,
    string? ToolDefinitions);

/// <summary>A tool call on the run's timeline.</summary>
internal sealed record ToolCallDto(
    string Id,
    string Name,
    string Status,
    string? StatusMessage,
    DateTime StartTime,
    double OffsetMs,
    double DurationMs,
    string? Args,
    string? Result);

/// <summary>End-user feedback on the run.</summary>
internal sealed record FeedbackDto(string? Score, string? Text);

/// <summary>A metadata entry of the run.</summary>
internal sealed record MetadataDto(string Key, string Value);

/// <summary>Where the run stands in its session: its place and its neighbours.</summary>
internal sealed record SessionPlaceDto(string Id, int Index, int Count, string? PreviousRunId, string? NextRunId);

/// <summary><c>GET /api/runs/{id}</c>: one run with everything the file holds about it.</summary>
internal sealed record RunDetailDto
{
    public required long Version { get; init; }

    public required RunSummaryDto Summary { get; init; }

    public string? StatusMessage { get; init; }

    public DateTime? EndTime { get; init; }

    public bool? Conversational { get; init; }

    public string? UserPrompt { get; init; }

    public string? SystemPrompt { get; init; }

    public string? FullInput { get; init; }

    public string? Response { get; init; }

    public string? FullOutput { get; init; }

    /// <summary>How long the time axis is: from the earliest start (run or child) to the latest end.</summary>
    public required double TimelineMs { get; init; }

    public long PromptTokens { get; init; }

    public long CompletionTokens { get; init; }

    public long CachedPromptTokens { get; init; }

    public required IReadOnlyList<StepDto> Steps { get; init; }

    public required IReadOnlyList<ToolCallDto> ToolCalls { get; init; }

    public required IReadOnlyList<FeedbackDto> Feedback { get; init; }

    public required IReadOnlyList<MetadataDto> Metadata { get; init; }

    public SessionPlaceDto? Session { get; init; }
}
