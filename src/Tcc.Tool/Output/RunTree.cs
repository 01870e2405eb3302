using System.Collections.Generic;
using System.Linq;
using ContextCompany.Tool.Runs;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ContextCompany.Tool.Output;

/// <summary>The tree <c>tcc show</c> prints for one run. Every text from the file is escaped: a prompt with brackets is not markup.</summary>
internal static class RunTree
{
    /// <summary>Characters of a prompt, response, argument or result shown without <c>--full</c>.</summary>
    public const int ExcerptLength = 200;

    public static Tree Build(LocalRun run, bool full)
    {
        Tree tree = new(new Markup($"[bold]Run {Markup.Escape(run.RunId)}[/]  {Commands.RunsCommand.StatusMarkup(run.Status)}"));
        RunRecord? record = run.Run;
        if (record is null)
        {
            tree.AddNode(new Markup("[yellow]open: its steps or tool calls are in the file, its run line is not (still running, or not ended)[/]"));
        }

        Field(tree, "Agent", run.Agent);
        Field(tree, "Session", run.SessionId);
        if (record?.Conversational is bool conversational)
        {
            Field(tree, "Conversational", conversational ? "yes" : "no");
        }

        Field(tree, "Started", Formats.PreciseTime(run.StartTime));
        Field(tree, "Duration", Formats.Duration(run.Duration));
        Field(tree, "Totals", Totals(run));
        if (record is not null)
        {
            AddRunContent(tree, record, full);
        }

        if (run.Steps.Count + run.ToolCalls.Count > 0)
        {
            TreeNode timeline = tree.AddNode(new Markup("[bold]Steps and tool calls[/]"));
            int stepNumber = 0;
            foreach (TimedRecord child in Timeline(run))
            {
                if (child is StepRecord step)
                {
                    AddStep(timeline, step, ++stepNumber, run.StartTime, full);
                }
                else if (child is ToolCallRecord toolCall)
                {
                    AddToolCall(timeline, toolCall, run.StartTime, full);
                }
            }
        }

        if (run.Feedback.Count > 0)
        {
            TreeNode feedback = tree.AddNode(new Markup("[bold]Feedback[/]"));
            foreach (FeedbackRecord item in run.Feedback)
            {
                string score = item.Score switch
                {
                    "thumbs_up" => "[green]thumbs_up[/]",
                    "thumbs_down" => "[red]thumbs_down[/]",
                    null => "[grey]no score[/]",
                    { } other => Markup.Escape(other),
                };
                feedback.AddNode(new Markup(item.Text is null ? score : score + ": " + Markup.Escape(Excerpt(item.Text, full) ?? string.Empty)));
            }
        }

        return tree;
    }

    private static void AddRunContent(Tree tree, RunRecord record, bool full)
    {
        if (record.UserPrompt is not null || record.SystemPrompt is not null)
        {
            TreeNode prompt = tree.AddNode(new Markup("[bold]Prompt[/]"));
            Field(prompt, "User", Excerpt(record.UserPrompt, full));
            Field(prompt, "System", Excerpt(record.SystemPrompt, full));
            if (full)
            {
                Field(prompt, "Full input", record.FullInput);
            }
        }

        Field(tree, "Response", Excerpt(record.Response, full));
        if (full)
        {
            Field(tree, "Full output", record.FullOutput);
        }

        if (record.StatusMessage is not null)
        {
            string colour = record.IsError ? "red" : "default";
            tree.AddNode(new Markup($"[{colour}]Status message: {Markup.Escape(record.StatusMessage)}[/]"));
        }

        if (record.Metadata.Count > 0)
        {
            TreeNode metadata = tree.AddNode(new Markup("[bold]Metadata[/]"));
            foreach (KeyValuePair<string, string> pair in record.Metadata)
            {
                Field(metadata, pair.Key, pair.Value);
            }
        }
    }

    private static void AddStep(TreeNode parent, StepRecord step, int number, System.DateTime runStart, bool full)
    {
        List<string> facts = [];
        if (step.Model is { } model)
        {
            facts.Add(step.ModelRequested is { } requested && step.ModelUsed is { } used && requested != used ? $"{requested} → {used}" : model);
        }

        facts.Add(Formats.Duration(step.Duration));
        if (step.PromptUncachedTokens is not null || step.PromptCachedTokens is not null || step.CompletionTokens is not null)
        {
            long input = (step.PromptUncachedTokens ?? 0) + (step.PromptCachedTokens ?? 0);
            string cached = step.PromptCachedTokens is int c and > 0 ? $" ({Formats.Count(c)} cached)" : string.Empty;
            facts.Add($"tokens in {Formats.Count(input)}{cached} / out {Formats.Count(step.CompletionTokens ?? 0)}");
        }

        if (step.FinishReason is { } finish)
        {
            facts.Add("finish " + finish);
        }

        if (step.TimeToFirstTokenMs is long ttft)
        {
            facts.Add("ttft " + Formats.Milliseconds(ttft));
        }

        if (step.RealTotalCost is double cost)
        {
            facts.Add(Formats.Cost(cost));
        }

        TreeNode node = parent.AddNode(Label($"Step {number}", step, runStart, facts));
        ChildStatus(node, step);
        Field(node, "Prompt", Excerpt(step.Prompt, full));
        Field(node, "Response", Excerpt(step.Response, full));
        if (full)
        {
            Field(node, "Tool definitions", step.ToolDefinitions);
        }
    }

    private static void AddToolCall(TreeNode parent, ToolCallRecord toolCall, System.DateTime runStart, bool full)
    {
        TreeNode node = parent.AddNode(Label($"Tool {toolCall.ToolName}", toolCall, runStart, [Formats.Duration(toolCall.Duration)]));
        ChildStatus(node, toolCall);
        Field(node, "Args", Excerpt(toolCall.Args, full));
        Field(node, "Result", Excerpt(toolCall.Result, full));
    }

    /// <summary>The head line of a step or tool call: its name, when it started after the run, and its facts; red when it failed.</summary>
    private static Markup Label(string name, TimedRecord child, System.DateTime runStart, List<string> facts)
    {
        string offset = runStart == default ? string.Empty : $" [grey]+{Markup.Escape(Formats.Duration(child.StartTime - runStart))}[/]";
        string text = $"[bold]{Markup.Escape(name)}[/]{offset}  {Markup.Escape(string.Join(", ", facts))}";
        return new Markup(child.IsError ? $"[red]{text}  error[/]" : text);
    }

    private static void ChildStatus(TreeNode node, TimedRecord child)
    {
        if (child.StatusMessage is { } message)
        {
            node.AddNode(new Markup($"[{(child.IsError ? "red" : "default")}]Status message: {Markup.Escape(message)}[/]"));
        }
    }

    /// <summary>The steps and tool calls of the run merged in start order (file order between equal starts).</summary>
    private static IEnumerable<TimedRecord> Timeline(LocalRun run) =>
        run.Steps.Cast<TimedRecord>().Concat(run.ToolCalls).OrderBy(static child => child.StartTime).ThenBy(static child => child.LineNumber);

    private static string Totals(LocalRun run)
    {
        List<string> parts =
        [
            Formats.Plural(run.StepCount, "step", "steps"),
            Formats.Plural(run.ToolCallCount, "tool call", "tool calls"),
        ];
        if (run.TotalTokens > 0)
        {
            parts.Add($"{Formats.Count(run.TotalTokens)} tokens ({Formats.Count(run.PromptTokens)} in, {Formats.Count(run.CompletionTokens)} out)");
        }

        if (run.Cost is not null)
        {
            parts.Add(Formats.Cost(run.Cost));
        }

        if (run.FailedChildren > 0)
        {
            parts.Add(Formats.Count(run.FailedChildren) + " failed");
        }

        return string.Join(", ", parts);
    }

    /// <summary>A text whole (<c>--full</c>), or on one line cut to <see cref="ExcerptLength"/> characters with its full length.</summary>
    private static string? Excerpt(string? text, bool full)
    {
        if (text is null || full)
        {
            return text;
        }

        string line = Formats.OneLine(text, ExcerptLength, out bool cut);
        return cut
            ? $"{line} ({Formats.Count(text.Length)} chars; --full shows all)"
            : line;
    }

    private static void Field(IHasTreeNodes parent, string name, string? value)
    {
        if (value is not null)
        {
            parent.AddNode(new Markup($"[grey]{Markup.Escape(name)}:[/] {Markup.Escape(value)}"));
        }
    }
}
