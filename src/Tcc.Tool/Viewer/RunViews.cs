using System;
using System.Collections.Generic;
using System.Linq;
using ContextCompany.Tool.Runs;

namespace ContextCompany.Tool.Viewer;

/// <summary>Builds the API's answers from the catalog: copies, so they can be written out after the lock is left.</summary>
internal static class RunViews
{
    /// <summary>How many of the newest runs a list carries: the page shows the count of the rest.</summary>
    public const int ListLimit = 500;

    /// <summary>How many unreadable lines are listed by number; the count covers all.</summary>
    public const int ErrorLimit = 20;

    /// <summary>Longest prompt shown in a list row: the run page has it whole.</summary>
    private const int PromptPreviewLength = 240;

    public static RunListDto List(RunCatalog catalog, long version, string? problem, string displayPath, RunFilter filter)
    {
        List<LocalRun> matching = catalog.Newest(filter).ToList();
        List<RunSummaryDto> rows = matching.Take(ListLimit).Select(Summary).ToList();
        return new RunListDto(version, matching.Count, rows, Health(catalog, problem, displayPath));
    }

    public static FileHealthDto Health(RunCatalog catalog, string? problem, string displayPath) =>
        new(displayPath,
            catalog.Errors.Count,
            catalog.Errors.Take(ErrorLimit).Select(static error => new LineErrorDto(error.LineNumber, error.Message)).ToList(),
            problem);

    public static SessionDto Session(RunCatalog catalog, long version, string sessionId) =>
        new(version, sessionId, catalog.Session(sessionId).Select(Summary).ToList());

    public static AgentsDto Agents(RunCatalog catalog) =>
        new(catalog.Runs.Select(static run => run.Agent).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());

    public static RunSummaryDto Summary(LocalRun run) =>
        new(run.RunId,
            run.Status,
            run.Agent,
            run.SessionId,
            run.StartTime,
            run.Duration.TotalMilliseconds,
            run.StepCount,
            run.ToolCallCount,
            run.FailedChildren,
            run.TotalTokens,
            run.Cost,
            run.FeedbackCount,
            Preview(run.Prompt));

    /// <summary>The run with its children placed on a time axis that starts at the earliest start the run or a child has.</summary>
    public static RunDetailDto Detail(RunCatalog catalog, long version, LocalRun run)
    {
        RunRecord? record = run.Run;
        DateTime start = run.StartTime;
        DateTime end = record?.EndTime ?? start;
        foreach (TimedRecord child in run.Steps.Cast<TimedRecord>().Concat(run.ToolCalls))
        {
            start = child.StartTime < start ? child.StartTime : start;
            end = child.EndTime > end ? child.EndTime : end;
        }

        return new RunDetailDto
        {
            Version = version,
            Summary = Summary(run),
            StatusMessage = record?.StatusMessage,
            EndTime = record?.EndTime,
            Conversational = record?.Conversational,
            UserPrompt = record?.UserPrompt,
            SystemPrompt = record?.SystemPrompt,
            FullInput = record?.FullInput,
            Response = record?.Response,
            FullOutput = record?.FullOutput,
            TimelineMs = Math.Max(0, (end - start).TotalMilliseconds),
            PromptTokens = run.PromptTokens,
            CompletionTokens = run.CompletionTokens,
            CachedPromptTokens = run.Steps.Sum(static step => (long)(step.PromptCachedTokens ?? 0)),
            Steps = run.Steps.Select(step => Step(step, start)).ToList(),
            ToolCalls = run.ToolCalls.Select(call => ToolCall(call, start)).ToList(),
            Feedback = run.Feedback.Select(static feedback => new FeedbackDto(feedback.Score, feedback.Text)).ToList(),
            Metadata = (record?.Metadata ?? []).Select(static pair => new MetadataDto(pair.Key, pair.Value)).ToList(),
            Session = run.SessionId is { } sessionId ? Place(catalog, sessionId, run) : null,
        };
    }

    private static StepDto Step(StepRecord step, DateTime origin) =>
        new(step.StepId,
            Status(step),
            step.StatusMessage,
            step.StartTime,
            (step.StartTime - origin).TotalMilliseconds,
            step.Duration.TotalMilliseconds,
            step.Prompt,
            step.Response,
            step.ModelRequested,
            step.ModelUsed,
            step.FinishReason,
            step.PromptUncachedTokens,
            step.PromptCachedTokens,
            step.CompletionTokens,
            step.RealTotalCost,
            step.TimeToFirstTokenMs,
            step.ToolDefinitions);

    private static ToolCallDto ToolCall(ToolCallRecord call, DateTime origin) =>
        new(call.ToolCallId,
            call.ToolName,
            Status(call),
            call.StatusMessage,
            call.StartTime,
            (call.StartTime - origin).TotalMilliseconds,
            call.Duration.TotalMilliseconds,
            call.Args,
            call.Result);

    private static SessionPlaceDto Place(RunCatalog catalog, string sessionId, LocalRun run)
    {
        List<LocalRun> runs = catalog.Session(sessionId).ToList();
        int index = runs.IndexOf(run);
        return new SessionPlaceDto(
            sessionId,
            index,
            runs.Count,
            index > 0 ? runs[index - 1].RunId : null,
            index >= 0 && index < runs.Count - 1 ? runs[index + 1].RunId : null);
    }

    private static string Status(TimedRecord record) => record.IsError ? "error" : "ok";

    private static string? Preview(string? text) =>
        text is null ? null : Output.Formats.Cut(text, PromptPreviewLength, sayHowMuch: false);
}
