using System.Collections.Generic;
using ContextCompany.Tool.Runs;
using Spectre.Console;

namespace ContextCompany.Tool.Output;

/// <summary>Reports the lines of a runs file that could not be read, on the error console: a script reading the output is not disturbed.</summary>
internal static class FileErrors
{
    /// <summary>How many lines are listed one by one; past it, a count (a file of garbage must not flood the terminal).</summary>
    public const int Listed = 10;

    /// <summary>Writes <c>line N: why</c> for the first <see cref="Listed"/> errors, then how many more there are.</summary>
    public static void Report(IAnsiConsole error, string path, IReadOnlyList<RunFileError> errors)
    {
        if (errors.Count == 0)
        {
            return;
        }

        error.MarkupLineInterpolated($"[yellow]tcc: {Formats.Plural(errors.Count, "line", "lines")} of {path} could not be read and {(errors.Count == 1 ? "was" : "were")} skipped:[/]");
        for (int i = 0; i < errors.Count && i < Listed; i++)
        {
            error.MarkupLineInterpolated($"[yellow]  {errors[i].ToString()}[/]");
        }

        if (errors.Count > Listed)
        {
            error.MarkupLineInterpolated($"[yellow]  and {Formats.Count(errors.Count - Listed)} more[/]");
        }
    }
}
