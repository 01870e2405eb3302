using System;
using System.IO;
using Spectre.Console;

namespace ContextCompany.Tool;

/// <summary>
/// What a command works with: where it writes, the environment it reads and the folder it stands in. The
/// process's own in <c>tcc</c>; the tests give their own, so a command runs in-process with its output captured.
/// </summary>
internal sealed class ToolContext
{
    public ToolContext(IAnsiConsole output, IAnsiConsole error, Func<string, string?> environment, string workingDirectory)
    {
        Output = output;
        Error = error;
        Environment = environment;
        WorkingDirectory = workingDirectory;
    }

    /// <summary>Tables, trees and JSON: what a script reads.</summary>
    public IAnsiConsole Output { get; }

    /// <summary>Errors, warnings and progress: what a script does not read.</summary>
    public IAnsiConsole Error { get; }

    /// <summary>Reads an environment variable (<c>TCC_API_KEY</c> and the others).</summary>
    public Func<string, string?> Environment { get; }

    /// <summary>The folder relative paths start from.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Opens a URL in the user's browser; false when none can be opened. Null: never open one.</summary>
    public Func<Uri, bool>? OpenBrowser { get; init; }

    /// <summary>The runs file a command reads: the one given, else <c>./.tcc/runs.jsonl</c>, as a full path.</summary>
    public string RunsFile(string? file) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(file) ? TccOptions.DefaultLocalPath : file, WorkingDirectory);

    public static ToolContext FromProcess() =>
        new(AnsiConsole.Console,
            AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }),
            System.Environment.GetEnvironmentVariable,
            System.Environment.CurrentDirectory)
        {
            OpenBrowser = BrowserLauncher.TryOpen,
        };

    /// <summary>A context whose output is plain text (no colours, no width limit games): for tests and redirected output.</summary>
    public static ToolContext ForText(TextWriter output, TextWriter error, Func<string, string?> environment, string workingDirectory) =>
        new(PlainConsole(output), PlainConsole(error), environment, workingDirectory);

    private static IAnsiConsole PlainConsole(TextWriter writer)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        return console;
    }
}
