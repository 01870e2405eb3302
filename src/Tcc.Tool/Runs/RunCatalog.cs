using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ContextCompany.Tool.Runs;

/// <summary>
/// The runs of a runs file, read line by line: runs joined with their children by run id, and the lines that
/// could not be read, with their numbers. It can read on from where it stopped as the file grows.
/// </summary>
internal sealed class RunCatalog
{
    private readonly Dictionary<string, LocalRun> _runs = new(StringComparer.Ordinal);
    private readonly List<RunFileError> _errors = [];
    private readonly List<RunFileRecord> _lineRecords = [];
    private readonly RunFileReader _reader = new();
    private readonly bool _keepDetails;
    private readonly string? _onlyRunId;
    private readonly bool _runIdIsPrefix;

    /// <param name="path">The runs file.</param>
    /// <param name="keepDetails">
    /// Whether the steps, tool calls and feedback are kept (the tree and the viewer), or only counted and summed
    /// (the table: memory stays small on large files).
    /// </param>
    /// <param name="onlyRunId">Keep only this run (one run's tree): other lines are skipped before they are parsed.</param>
    public RunCatalog(string path, bool keepDetails, string? onlyRunId = null)
        : this(path, keepDetails, onlyRunId, runIdIsPrefix: false)
    {
    }

    /// <param name="path">The runs file.</param>
    /// <param name="keepDetails">Whether the steps, tool calls and feedback are kept, or only counted and summed.</param>
    /// <param name="onlyRunId">Keep only this run, or the runs whose id starts with it: other lines are skipped before they are parsed.</param>
    /// <param name="runIdIsPrefix">
    /// Whether <paramref name="onlyRunId"/> is the start of an id (what a user copies from the table) rather
    /// than a whole one: every run it starts is kept, so the caller can tell one match from several.
    /// </param>
    public RunCatalog(string path, bool keepDetails, string? onlyRunId, bool runIdIsPrefix)
    {
        Path = path;
        _keepDetails = keepDetails;
        _onlyRunId = onlyRunId;
        _runIdIsPrefix = runIdIsPrefix && onlyRunId is not null;
    }

    public string Path { get; }

    public IReadOnlyCollection<LocalRun> Runs => _runs.Values;

    /// <summary>The lines not read, and why, in file order.</summary>
    public IReadOnlyList<RunFileError> Errors => _errors;

    /// <summary>Reads and catalogs a whole file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static RunCatalog Load(string path, bool keepDetails, string? onlyRunId = null)
    {
        RunCatalog catalog = new(path, keepDetails, onlyRunId);
        catalog.ReadMore(includeUnterminatedLine: true);
        return catalog;
    }

    /// <summary>Reads a whole file, keeping only the runs whose id starts with <paramref name="runIdPrefix"/> (with their details).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static RunCatalog LoadByPrefix(string path, string runIdPrefix)
    {
        RunCatalog catalog = new(path, keepDetails: true, runIdPrefix, runIdIsPrefix: true);
        catalog.ReadMore(includeUnterminatedLine: true);
        return catalog;
    }

    public LocalRun? Find(string runId) => _runs.TryGetValue(runId, out LocalRun? run) ? run : null;

    /// <summary>Reads the lines added since the last read; returns the runs that changed.</summary>
    /// <param name="includeUnterminatedLine">False while a writer may be in the middle of the last line.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public IReadOnlyCollection<LocalRun> ReadMore(bool includeUnterminatedLine)
    {
        HashSet<LocalRun> changed = [];
        byte[]? needle = _onlyRunId is null ? null : System.Text.Encoding.UTF8.GetBytes(_onlyRunId);
        _reader.ReadToEnd(Path, (line, number) =>
        {
            if (needle is not null && line.IndexOf(needle) < 0)
            {
                return; // cannot mention the run: not worth parsing
            }

            _lineRecords.Clear();
            if (RecordParser.Parse(line, number, _lineRecords, summaryOnly: !_keepDetails) is { } error)
            {
                _errors.Add(new RunFileError(number, error));
                return;
            }

            foreach (RunFileRecord record in _lineRecords)
            {
                if (_onlyRunId is not null && !(_runIdIsPrefix ? record.RunId.StartsWith(_onlyRunId, StringComparison.Ordinal) : record.RunId == _onlyRunId))
                {
                    continue;
                }

                if (!_runs.TryGetValue(record.RunId, out LocalRun? run))
                {
                    _runs[record.RunId] = run = new LocalRun(record.RunId);
                }

                run.Add(record, _keepDetails);
                changed.Add(run);
            }
        }, includeUnterminatedLine);

        foreach (LocalRun run in changed)
        {
            run.SortChildren();
        }

        return changed;
    }

    /// <summary>The runs that pass <paramref name="filter"/>, newest first.</summary>
    public IEnumerable<LocalRun> Newest(RunFilter filter) =>
        _runs.Values.Where(filter.Matches).OrderByDescending(static run => run.StartTime).ThenByDescending(static run => run.FirstLine);

    /// <summary>The runs of one session, oldest first.</summary>
    public IEnumerable<LocalRun> Session(string sessionId) =>
        _runs.Values.Where(run => run.SessionId == sessionId).OrderBy(static run => run.StartTime).ThenBy(static run => run.FirstLine);
}
