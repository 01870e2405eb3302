using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading.Tasks;
using ContextCompany.Tool.Output;
using ContextCompany.Tool.Runs;
using Spectre.Console;

namespace ContextCompany.Tool.Commands;

/// <summary>
/// <c>tcc show RUN_ID</c>: one run as a tree: the run, its prompt and response, its metadata, its steps and tool
/// calls in time order, and its feedback. The id may be cut to any unique start (the table shows 8 characters);
/// only the lines that mention it are parsed.
/// </summary>
internal static class ShowCommand
{
    /// <summary>Candidates an ambiguous id lists.</summary>
    private const int ListedCandidates = 10;

    public static Command Create(ToolContext context)
    {
        Argument<string> runId = new("RUN_ID") { Description = "The run's id, or its start (the 8 characters the table shows are usually enough)." };
        Option<string?> file = new("--file", "-f") { Description = "The runs file (JSON lines). Default: " + TccOptions.DefaultLocalPath };
        Option<bool> full = new("--full") { Description = "Show prompts, responses, arguments and results whole (they are cut to about 200 characters otherwise)." };
        Command command = new("show", "Show one run as a tree: its prompt, response and metadata, its steps and tool calls in time order, and its feedback.")
        {
            runId, file, full,
        };
        command.SetAction((parse, _) =>
        {
            string path = TccCommandLine.ExistingRunsFile(context, parse.GetValue(file));
            string id = parse.GetValue(runId)?.Trim() ?? string.Empty;
            if (id.Length == 0)
            {
                throw new ToolException("give the id of a run (tcc runs lists them)");
            }

            RunCatalog catalog = RunCatalog.LoadByPrefix(path, id);
            FileErrors.Report(context.Error, path, catalog.Errors);
            LocalRun run = Choose(catalog, id, path);
            context.Output.Write(RunTree.Build(run, parse.GetValue(full)));
            return Task.FromResult(TccCommandLine.Success);
        });
        return command;
    }

    /// <summary>The run <paramref name="id"/> names: the one with that id, else the only one it starts.</summary>
    /// <exception cref="ToolException">No run, or several, match.</exception>
    private static LocalRun Choose(RunCatalog catalog, string id, string path)
    {
        if (catalog.Find(id) is { } exact)
        {
            return exact;
        }

        List<LocalRun> candidates = catalog.Runs.OrderByDescending(static run => run.StartTime).ToList();
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        if (candidates.Count == 0)
        {
            throw new ToolException($"no run {id} in {path} (tcc runs lists the runs of a file; --file reads another)");
        }

        string listed = string.Join(", ", candidates.Take(ListedCandidates).Select(static run =>
            $"{run.RunId} ({Formats.Time(run.StartTime)}{(run.Agent is null ? string.Empty : ", " + run.Agent)})"));
        string more = candidates.Count > ListedCandidates ? $" and {Formats.Count(candidates.Count - ListedCandidates)} more" : string.Empty;
        throw new ToolException($"'{id}' is the start of {Formats.Count(candidates.Count)} run ids: {listed}{more}. Give more characters.");
    }
}
