using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Tool.Output;
using ContextCompany.Tool.Runs;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ContextCompany.Tool.Commands;

/// <summary>
/// <c>tcc runs [FILE]</c>: the runs of a runs file as a table, newest first, or as JSON for scripts. Lines that
/// cannot be read are reported on the error console and skipped; they do not change the exit code, since the SDK
/// may be in the middle of writing the last one (the exception: a file with such lines and not one run).
/// </summary>
internal static class RunsCommand
{
    /// <summary>Rows the table shows unless <c>--limit</c> says otherwise.</summary>
    public const int DefaultTableLimit = 50;

    /// <summary>Characters of an agent's name the table shows.</summary>
    private const int AgentWidth = 20;

    /// <summary>Bounds of the prompt column: narrow terminals still get a hint, wide ones no wall of text.</summary>
    private const int MinPromptWidth = 12, MaxPromptWidth = 50;

    private const int StatusColumn = 3, PromptColumn = 5;

    public static Command Create(ToolContext context)
    {
        Argument<string?> file = TccCommandLine.FileArgument();
        Option<string?> agent = new("--agent") { Description = "Only the runs of this agent (the tcc.agent metadata)." };
        Option<string?> session = new("--session") { Description = "Only the runs of this session id." };
        Option<string?> status = new("--status") { Description = "Only the runs with this status: ok, error, or open (only steps or tool calls recorded)." };
        Option<string?> since = new("--since")
        {
            Description = "Only the runs started since then: a date or time (2026-03-01, 2026-03-01T12:00:00Z; UTC unless an offset is given) or a duration back from now (30m, 2h, 7d).",
        };
        Option<int?> limit = new("--limit", "-n")
        {
            Description = $"Show at most N runs, newest first; 0 shows all. Default: {DefaultTableLimit} in the table, all with --json.",
        };
        Option<bool> json = new("--json") { Description = "Write the runs as a JSON array (for scripts) instead of a table." };

        Command command = new("runs", "List the runs of a runs file, newest first: time, agent, status, duration, prompt, steps, tool calls, tokens and cost.")
        {
            file, agent, session, status, since, limit, json,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            RunsRequest request = new(
                TccCommandLine.ExistingRunsFile(context, parse.GetValue(file)),
                ParseFilter(parse.GetValue(agent), parse.GetValue(session), parse.GetValue(status), parse.GetValue(since), DateTime.UtcNow),
                parse.GetValue(limit),
                parse.GetValue(json));
            return Task.FromResult(Run(context, request, cancellationToken));
        });
        return command;
    }

    /// <summary>The filters of the command line, checked.</summary>
    /// <exception cref="ToolException">An unknown status or an unreadable <c>--since</c>.</exception>
    public static RunFilter ParseFilter(string? agent, string? session, string? status, string? since, DateTime utcNow) =>
        RunFilter.TryParse(agent, session, status, since, utcNow, out RunFilter filter, out string? problem)
            ? filter
            : throw new ToolException("invalid --" + problem);

    private static int Run(ToolContext context, RunsRequest request, CancellationToken cancellationToken)
    {
        if (request.Limit < 0)
        {
            throw new ToolException($"invalid --limit {request.Limit}: expected 0 (all) or more");
        }

        RunCatalog catalog = RunCatalog.Load(request.Path, keepDetails: false);
        cancellationToken.ThrowIfCancellationRequested();
        FileErrors.Report(context.Error, request.Path, catalog.Errors);

        int limit = request.Limit ?? (request.Json ? 0 : DefaultTableLimit);
        List<LocalRun> matching = catalog.Newest(request.Filter).ToList();
        IReadOnlyList<LocalRun> shown = limit > 0 && matching.Count > limit ? matching.GetRange(0, limit) : matching;

        if (request.Json)
        {
            RunsJson.Write(context.Output.Profile.Out.Writer, shown, cancellationToken);
        }
        else
        {
            WriteTable(context, request, catalog, matching.Count, shown);
        }

        // Not one run, and lines that could not be read: most likely not a runs file at all.
        return catalog.Runs.Count == 0 && catalog.Errors.Count > 0 ? TccCommandLine.Failure : TccCommandLine.Success;
    }

    private static void WriteTable(ToolContext context, RunsRequest request, RunCatalog catalog, int matching, IReadOnlyList<LocalRun> shown)
    {
        IAnsiConsole output = context.Output;
        if (catalog.Runs.Count == 0)
        {
            output.MarkupLineInterpolated($"No runs in {request.Path} yet. Runs appear here once an app using the SDK without {TccOptions.ApiKeyVariable} ends them.");
            return;
        }

        if (matching == 0)
        {
            output.MarkupLineInterpolated($"No runs match the filters ({Formats.Plural(catalog.Runs.Count, "run", "runs")} in {request.Path}).");
            return;
        }

        // Every column but the prompt fits its longest value and never wraps; the prompt gets the width left (cut
        // on one line), so each run stays one row.
        string[] headers = ["Started (UTC)", "Run", "Agent", "Status", "Duration", "Prompt", "Steps", "Tools", "Tokens", "Cost"];
        List<string[]> rows = new(shown.Count);
        foreach (LocalRun run in shown)
        {
            rows.Add(
            [
                Formats.Time(run.StartTime), Formats.ShortId(run.RunId), Formats.OneLine(run.Agent, AgentWidth) is { Length: > 0 } a ? a : Formats.None,
                run.Status, Formats.Duration(run.Duration), run.Prompt ?? string.Empty, Formats.Count(run.StepCount),
                Formats.Count(run.ToolCallCount), Formats.Tokens(run.TotalTokens), Formats.Cost(run.Cost),
            ]);
        }

        int fixedWidth = 1; // the right border; each column adds its padding and left border
        for (int column = 0; column < headers.Length; column++)
        {
            fixedWidth += 3 + (column == PromptColumn ? 0 : Math.Max(headers[column].Length, rows.Max(row => row[column].Length)));
        }

        if (!output.Profile.Out.IsTerminal && output.Profile.Width < fixedWidth + MaxPromptWidth)
        {
            // Redirected: no terminal to fit, and a script or pager reading the rows wants them whole, not folded
            // to the 80 columns assumed for a redirected stream.
            output.Profile.Width = fixedWidth + MaxPromptWidth;
        }

        int promptWidth = Math.Min(output.Profile.Width - fixedWidth, MaxPromptWidth);
        bool withPrompt = promptWidth >= MinPromptWidth; // a terminal too narrow for it: the prompt is in tcc show
        Table table = new Table().Border(TableBorder.Rounded);
        for (int column = 0; column < headers.Length; column++)
        {
            if (column == PromptColumn && !withPrompt)
            {
                continue;
            }

            TableColumn tableColumn = new(headers[column]);
            tableColumn.NoWrap = column != PromptColumn;
            if (column is 4 or >= 6)
            {
                tableColumn.RightAligned();
            }

            table.AddColumn(tableColumn);
        }

        foreach (string[] row in rows)
        {
            List<IRenderable> cells = new(row.Length);
            for (int column = 0; column < row.Length; column++)
            {
                if (column == PromptColumn)
                {
                    if (withPrompt)
                    {
                        cells.Add(new Text(Formats.OneLine(row[column], promptWidth)));
                    }
                }
                else
                {
                    cells.Add(column == StatusColumn ? new Markup(StatusMarkup(row[column])) : new Text(row[column]));
                }
            }

            table.AddRow(cells);
        }

        output.Write(table);
        string footer = shown.Count < matching
            ? $"showing {Formats.Count(shown.Count)} of {Formats.Plural(matching, "run", "runs")} (--limit 0 shows all); tcc show RUN for one run's steps and tool calls"
            : $"{Formats.Plural(matching, "run", "runs")}; tcc show RUN for one run's steps and tool calls";
        output.MarkupLineInterpolated($"[grey]{footer}[/]");
    }

    /// <summary>A status as the table and the tree colour it: errors red, open runs yellow.</summary>
    public static string StatusMarkup(string status) => status switch
    {
        "ok" => "[green]ok[/]",
        "error" => "[red]error[/]",
        "open" => "[yellow]open[/]",
        _ => Markup.Escape(status),
    };

    private sealed record RunsRequest(string Path, RunFilter Filter, int? Limit, bool Json);
}
