using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ContextCompany.Export;
using ContextCompany.Tool.Runs;
using Spectre.Console;

namespace ContextCompany.Tool.Sending;

/// <summary>What a send of a runs file did, item by item counted by kind, and how it is shown.</summary>
internal sealed class SendReport
{
    /// <summary>At most this many refused or failed items are listed one by one.</summary>
    private const int MaxListed = 10;

    private static readonly ItemKind[] Kinds = [ItemKind.Run, ItemKind.Step, ItemKind.ToolCall, ItemKind.Feedback];

    private readonly object _gate = new();
    private readonly int[] _sent = new int[Kinds.Length];
    private readonly int[] _refused = new int[Kinds.Length];
    private readonly int[] _failed = new int[Kinds.Length];
    private readonly int[] _skipped = new int[Kinds.Length];
    private readonly List<string> _problems = [];

    public SendReport(string runsFile, string sentRecord)
    {
        RunsFile = runsFile;
        SentRecordPath = sentRecord;
    }

    public string RunsFile { get; }

    public string SentRecordPath { get; }

    /// <summary>The base URL items went to.</summary>
    public string? Destination { get; set; }

    /// <summary>Lines that are not items, with why.</summary>
    public IReadOnlyList<RunFileError> Malformed { get; set; } = [];

    /// <summary>Items written more than once with the same content in the file: sent once.</summary>
    public int Duplicates { get; set; }

    public int Sent => Total(_sent);

    public int Refused => Total(_refused);

    public int Failed => Total(_failed);

    public int Skipped => Total(_skipped);

    /// <summary>Refused or failed: the exit code says so, and the next send tries them again.</summary>
    public bool LeftUnsent => Refused + Failed > 0;

    public void CountSkipped(ItemKind kind)
    {
        lock (_gate)
        {
            _skipped[(int)kind]++;
        }
    }

    public void Count(SendItem item, PayloadResult result)
    {
        lock (_gate)
        {
            switch (result.Outcome)
            {
                case PayloadOutcome.Delivered:
                    _sent[(int)item.Kind]++;
                    return;
                case PayloadOutcome.Refused:
                    _refused[(int)item.Kind]++;
                    _problems.Add($"refused: {item.Describe()}: {result.Reason}");
                    return;
                default:
                    _failed[(int)item.Kind]++;
                    _problems.Add($"failed: {item.Describe()}: {result.Reason}");
                    return;
            }
        }
    }

    /// <summary>The summary table on <paramref name="output"/>; malformed lines, unsent items and what happens to them on <paramref name="error"/>.</summary>
    public void Write(IAnsiConsole output, IAnsiConsole error)
    {
        foreach (RunFileError malformed in Malformed)
        {
            error.MarkupLineInterpolated($"[yellow]tcc send: skipped {malformed.ToString()}[/]");
        }

        string file = Path.GetFileName(RunsFile);
        if (Sent + Refused + Failed == 0)
        {
            output.WriteLine(Skipped + Duplicates == 0
                ? $"Nothing to send: {file} holds no runs, steps, tool calls or feedback."
                : $"Nothing new to send: the {Skipped} item(s) of {file} were all sent before (recorded in {Path.GetFileName(SentRecordPath)}).",
                Style.Plain);
            WriteMalformedCount(output);
            return;
        }

        Table table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{file} → {Destination}"));
        table.AddColumn("");
        foreach (string heading in new[] { "Runs", "Steps", "Tool calls", "Feedback", "Total" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned());
        }

        AddRow(table, "Sent", _sent);
        AddRow(table, "Refused", _refused);
        AddRow(table, "Failed", _failed);
        AddRow(table, "Skipped (already sent)", _skipped);
        output.Write(table);
        if (Duplicates > 0)
        {
            output.WriteLine($"{Duplicates} item(s) were written more than once with the same content: sent once.", Style.Plain);
        }

        WriteMalformedCount(output);
        if (!LeftUnsent)
        {
            return;
        }

        foreach (string problem in _problems.Take(MaxListed))
        {
            error.MarkupLineInterpolated($"[red]tcc send: {problem}[/]");
        }

        if (_problems.Count > MaxListed)
        {
            error.MarkupLineInterpolated($"[red]tcc send: ... and {_problems.Count - MaxListed} more[/]");
        }

        error.MarkupLineInterpolated(
            $"[yellow]tcc send: {Refused + Failed} item(s) not sent ({Refused} refused, {Failed} failed). They are not recorded in {Path.GetFileName(SentRecordPath)}: the next tcc send sends them again.[/]");
    }

    private void WriteMalformedCount(IAnsiConsole output)
    {
        if (Malformed.Count > 0)
        {
            output.WriteLine($"Malformed lines: {Malformed.Count} (not sent: " + string.Join(", ", Malformed.Take(MaxListed).Select(static m => "line " + m.LineNumber))
                + (Malformed.Count > MaxListed ? ", ..." : string.Empty) + ")", Style.Plain);
        }
    }

    private static void AddRow(Table table, string label, int[] counts)
    {
        List<string> cells = [label];
        cells.AddRange(counts.Select(static count => Output.Formats.Count(count)));
        cells.Add(Output.Formats.Count(Total(counts)));
        table.AddRow(cells.Select(static cell => new Text(cell)).ToArray());
    }

    private static int Total(int[] counts) => counts.Sum();
}
