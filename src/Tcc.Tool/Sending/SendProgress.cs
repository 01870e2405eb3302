using System;
using System.Threading.Tasks;
using Spectre.Console;

namespace ContextCompany.Tool.Sending;

/// <summary>
/// Progress while sending, on the error console: a Spectre.Console progress bar when the console is
/// interactive, else a few plain lines (a start line, then one at each quarter), so a log stays short.
/// Safe to advance from several sending tasks at once.
/// </summary>
internal sealed class SendProgress
{
    private readonly IAnsiConsole _console;
    private readonly long _total;
    private readonly string _unit;
    private readonly object _gate = new();
    private ProgressTask? _bar;
    private long _done;
    private int _quartersShown;

    private SendProgress(IAnsiConsole console, long total, string unit)
    {
        _console = console;
        _total = total;
        _unit = unit;
    }

    /// <summary>
    /// Runs <paramref name="work"/>, showing its progress out of <paramref name="total"/> units (items, or bytes
    /// of a storage directory: <paramref name="unit"/>) under the label <paramref name="what"/>.
    /// </summary>
    public static async Task<T> RunAsync<T>(IAnsiConsole console, string what, long total, string unit, Func<SendProgress, Task<T>> work)
    {
        SendProgress progress = new(console, total, unit);
        if (!console.Profile.Capabilities.Interactive)
        {
            console.WriteLine($"tcc send: {what}", Style.Plain);
            return await work(progress).ConfigureAwait(false);
        }

        return await console.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                progress._bar = context.AddTask(Markup.Escape(what), maxValue: Math.Max(1, total));
                return await work(progress).ConfigureAwait(false);
            })
            .ConfigureAwait(false);
    }

    /// <summary>Adds <paramref name="units"/> done.</summary>
    public void Advance(long units = 1) => SetDone(units, relative: true);

    /// <summary>Sets how many units are done (a storage directory is measured, not counted).</summary>
    public void SetDone(long done) => SetDone(done, relative: false);

    private void SetDone(long value, bool relative)
    {
        lock (_gate)
        {
            _done = relative ? _done + value : value;
            if (_bar is { } bar)
            {
                bar.Value = Math.Min(_done, bar.MaxValue);
                return;
            }

            // Plain output: one line per quarter passed, none at the end (the summary follows).
            int quarters = _total <= 0 ? 0 : (int)(_done * 4 / _total);
            if (quarters > _quartersShown && quarters < 4)
            {
                _quartersShown = quarters;
                _console.WriteLine($"tcc send: {quarters * 25}% ({_done} of {_total} {_unit})", Style.Plain);
            }
        }
    }
}
