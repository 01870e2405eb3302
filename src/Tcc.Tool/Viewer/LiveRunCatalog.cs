using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Tool.Runs;

namespace ContextCompany.Tool.Viewer;

/// <summary>
/// The viewer's runs: a <see cref="RunCatalog"/> with every detail, read again on a short poll as the SDK appends
/// to the file. One background loop reads; requests query under the same lock and copy what they answer, so a
/// request never sees a run half-updated. A version number goes up whenever what the page shows changed.
/// </summary>
internal sealed class LiveRunCatalog : IAsyncDisposable
{
    private RunCatalog _catalog;
    private readonly object _gate = new();
    private readonly TimeSpan _pollInterval;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private long _version = 1;
    private long _lastLength = -1;
    private int _lastErrorCount;
    private string? _problem;

    /// <param name="path">The runs file.</param>
    /// <param name="pollInterval">How often the file is read again.</param>
    /// <param name="displayPath">The file as the page names it (as the user gave it); the full path when null.</param>
    public LiveRunCatalog(string path, TimeSpan pollInterval, string? displayPath = null)
    {
        _catalog = new RunCatalog(path, keepDetails: true);
        _pollInterval = pollInterval;
        DisplayPath = displayPath ?? path;
    }

    public string Path => _catalog.Path;

    /// <summary>The file as the page names it.</summary>
    public string DisplayPath { get; }

    /// <summary>Goes up each time a read found new runs, children, feedback or unreadable lines.</summary>
    public long Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>Reads the file as it is now, then keeps reading what it gains until disposed.</summary>
    public void Start()
    {
        Refresh();
        _loop = Task.Run(PollAsync);
    }

    /// <summary>Runs <paramref name="query"/> against the catalog while no read is under way; it must copy what it keeps.</summary>
    public T Query<T>(Func<RunCatalog, long, string?, T> query)
    {
        lock (_gate)
        {
            return query(_catalog, _version, _problem);
        }
    }

    /// <summary>Waits until the version is no longer <paramref name="seen"/> (a long poll), or the token ends the wait.</summary>
    public async Task<long> WaitForChangeAsync(long seen, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            if (_version != seen)
            {
                return _version;
            }

            changed = _changed.Task;
        }

        try
        {
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The wait's time is up, or the page left: answer with the version as it is.
        }

        return Version;
    }

    /// <summary>Reads what the file gained since the last read.</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            bool changed;
            string? problem = null;
            try
            {
                // A last line without a line break is left for later while the file grows (a writer may be in the
                // middle of it), and read once the file stayed the same for a poll (a file written by hand).
                long length = new FileInfo(_catalog.Path).Length;
                if (length < _lastLength)
                {
                    // Truncated or replaced: what was read is no longer in the file.
                    _catalog = new RunCatalog(_catalog.Path, keepDetails: true);
                    _lastErrorCount = -1; // counts as a change: the page shows the file anew
                }

                bool settled = length == _lastLength;
                _lastLength = length;
                changed = _catalog.ReadMore(includeUnterminatedLine: settled).Count > 0;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Deleted, renamed away or locked: keep what was read and say so; the next poll tries again.
                changed = false;
                problem = exception is FileNotFoundException ? "The runs file is gone: " + _catalog.Path : "The runs file cannot be read: " + exception.Message;
            }

            changed |= _catalog.Errors.Count != _lastErrorCount || problem != _problem;
            _lastErrorCount = _catalog.Errors.Count;
            _problem = problem;
            if (changed)
            {
                _version++;
                _changed.TrySetResult();
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task PollAsync()
    {
        using PeriodicTimer timer = new(_pollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                Refresh();
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the viewer stopped.
        }
    }
}
