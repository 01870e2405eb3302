using System;
using System.Collections.Generic;

namespace ContextCompany.Tool.Runs;

/// <summary>
/// A run as the file tells it: its run line (null while only its children have been read: the run is still
/// open, or its line is lost), and its steps, tool calls and feedback, joined by run id from wherever they
/// stand in the file. The totals are kept even when the children themselves are not (<see cref="RunCatalog"/>).
/// </summary>
internal sealed class LocalRun
{
    private readonly List<StepRecord> _steps = [];
    private readonly List<ToolCallRecord> _toolCalls = [];
    private readonly List<FeedbackRecord> _feedback = [];
    private DateTime? _firstChildStart;
    private DateTime? _lastChildEnd;

    public LocalRun(string runId) => RunId = runId;

    public string RunId { get; }

    /// <summary>The run's own line; the last one when the id was written more than once.</summary>
    public RunRecord? Run { get; private set; }

    /// <summary>The steps in time order (kept only when the catalog keeps details).</summary>
    public IReadOnlyList<StepRecord> Steps => _steps;

    /// <summary>The tool calls in time order (kept only when the catalog keeps details).</summary>
    public IReadOnlyList<ToolCallRecord> ToolCalls => _toolCalls;

    /// <summary>The feedback, in file order (kept only when the catalog keeps details).</summary>
    public IReadOnlyList<FeedbackRecord> Feedback => _feedback;

    public int StepCount { get; private set; }

    public int ToolCallCount { get; private set; }

    public int FeedbackCount { get; private set; }

    /// <summary>Steps and tool calls that ended as errors.</summary>
    public int FailedChildren { get; private set; }

    /// <summary>Prompt tokens of all steps, cached and not.</summary>
    public long PromptTokens { get; private set; }

    public long CompletionTokens { get; private set; }

    public long TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>The summed cost of the steps that have one, in US dollars; null when none has.</summary>
    public double? Cost { get; private set; }

    /// <summary>The order the run was first seen in the file: runs with equal start times keep it.</summary>
    public int FirstLine { get; private set; } = int.MaxValue;

    /// <summary><c>ok</c>, <c>error</c>, or <c>open</c> when only its children are in the file.</summary>
    public string Status => Run is null ? "open" : Run.IsError ? "error" : "ok";

    public DateTime StartTime => Run?.StartTime ?? _firstChildStart ?? default;

    /// <summary>The run's duration; for an open run, from its first child's start to its last child's end.</summary>
    public TimeSpan Duration => Run?.Duration ?? (_lastChildEnd - _firstChildStart) ?? TimeSpan.Zero;

    /// <summary>The run's end; for an open run, its last child's end.</summary>
    public DateTime EndTime => Run?.EndTime ?? _lastChildEnd ?? default;

    /// <summary>Why the run failed (or the message it ended with), if it says.</summary>
    public string? StatusMessage => Run?.StatusMessage;

    public string? Response => Run?.Response;

    public string? Agent => Run?.Agent;

    public string? SessionId => Run?.SessionId;

    public string? Prompt => Run?.UserPrompt;

    internal void Add(RunFileRecord record, bool keepDetails)
    {
        FirstLine = Math.Min(FirstLine, record.LineNumber);
        switch (record)
        {
            case RunRecord run:
                Run = run;
                return;
            case StepRecord step:
                StepCount++;
                PromptTokens += (step.PromptUncachedTokens ?? 0) + (step.PromptCachedTokens ?? 0);
                CompletionTokens += step.CompletionTokens ?? 0;
                if (step.RealTotalCost is double cost)
                {
                    Cost = (Cost ?? 0) + cost;
                }

                if (keepDetails)
                {
                    _steps.Add(step);
                }

                break;
            case ToolCallRecord toolCall:
                ToolCallCount++;
                if (keepDetails)
                {
                    _toolCalls.Add(toolCall);
                }

                break;
            case FeedbackRecord feedback:
                FeedbackCount++;
                if (keepDetails)
                {
                    _feedback.Add(feedback);
                }

                return;
        }

        TimedRecord child = (TimedRecord)record;
        if (child.IsError)
        {
            FailedChildren++;
        }

        _firstChildStart = _firstChildStart is { } first && first <= child.StartTime ? first : child.StartTime;
        _lastChildEnd = _lastChildEnd is { } last && last >= child.EndTime ? last : child.EndTime;
    }

    /// <summary>Puts the children in time order once the file is read (they arrive in the order they ended).</summary>
    internal void SortChildren()
    {
        _steps.Sort(static (a, b) => a.StartTime.CompareTo(b.StartTime));
        _toolCalls.Sort(static (a, b) => a.StartTime.CompareTo(b.StartTime));
    }
}
