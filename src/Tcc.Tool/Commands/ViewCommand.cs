using System;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Tool.Viewer;
using Spectre.Console;

namespace ContextCompany.Tool.Commands;

/// <summary>
/// <c>tcc view [FILE] [--port N] [--no-open]</c>: serves a web page with the runs of the file, updated live as
/// it grows, and a timeline of each run. Loopback only, with a random token in the printed URL; runs until Ctrl+C.
/// </summary>
internal static class ViewCommand
{
    public static Command Create(ToolContext context)
    {
        Argument<string?> file = TccCommandLine.FileArgument();
        Option<int> port = new("--port")
        {
            Description = "The port to listen on (127.0.0.1 only). Default: 0, a free port.",
            DefaultValueFactory = static _ => 0,
        };
        Option<bool> noOpen = new("--no-open")
        {
            Description = "Print the URL without opening a browser.",
        };

        Command command = new("view", "A local web page with the runs of the file, updated live, and a timeline of each run's steps and tool calls.")
        {
            file,
            port,
            noOpen,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(context, parse.GetValue(file), parse.GetValue(port), parse.GetValue(noOpen), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ToolContext context, string? file, int port, bool noOpen, CancellationToken cancellationToken)
    {
        if (port is < 0 or > 65535)
        {
            throw new ToolException($"--port must be between 0 and 65535 (0: a free port), not {port}.");
        }

        string path = TccCommandLine.ExistingRunsFile(context, file);
        string shownPath = string.IsNullOrWhiteSpace(file) ? TccOptions.DefaultLocalPath : file; // the page names the file as the user did
        await using ViewerServer server = await ViewerServer.StartAsync(path, port, displayPath: shownPath, cancellationToken: cancellationToken).ConfigureAwait(false);

        context.Error.MarkupLineInterpolated($"[grey]tcc view: {path}[/]");
        context.Output.WriteLine(server.Url.AbsoluteUri); // what a script reads, on its own line
        if (!noOpen && context.OpenBrowser is { } open && !open(server.Url))
        {
            context.Error.MarkupLine("[grey]No browser could be opened: open the URL above.[/]");
        }

        context.Error.MarkupLine("[grey]Press Ctrl+C to stop.[/]");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the normal way to stop.
        }

        return TccCommandLine.Success;
    }
}
