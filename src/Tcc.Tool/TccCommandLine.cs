using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Tool.Commands;
using Spectre.Console;

namespace ContextCompany.Tool;

/// <summary>The commands of <c>tcc</c> and how their errors are shown.</summary>
internal static class TccCommandLine
{
    /// <summary>Exit code of a command that worked.</summary>
    public const int Success = 0;

    /// <summary>Exit code of a user mistake or a failed check (<c>doctor</c>), and of a <c>send</c> that left items unsent.</summary>
    public const int Failure = 1;

    /// <summary>Exit code of an unexpected error.</summary>
    public const int InternalError = 2;

    /// <summary>Parses <paramref name="args"/> and runs the command.</summary>
    public static async Task<int> InvokeAsync(string[] args, ToolContext context, CancellationToken cancellationToken)
    {
        RootCommand root = Create(context);
        ParseResult parse = root.Parse(args);
        InvocationConfiguration configuration = new()
        {
            Output = context.Output.Profile.Out.Writer,
            Error = context.Error.Profile.Out.Writer,
            EnableDefaultExceptionHandler = false,
        };

        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (ToolException exception)
        {
            context.Error.MarkupLineInterpolated($"[red]tcc: {exception.Message}[/]");
            return Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Error.MarkupLine("[yellow]tcc: cancelled[/]");
            return Failure;
        }
#pragma warning disable CA1031 // the tool's last line of defence: a bug is reported as one, not as a crash
        catch (Exception exception)
#pragma warning restore CA1031
        {
            context.Error.MarkupLineInterpolated($"[red]tcc: unexpected error: {exception.GetType().Name}: {exception.Message}[/]");
            if (IsDebug(context))
            {
                context.Error.WriteLine(exception.ToString());
            }
            else
            {
                context.Error.MarkupLineInterpolated($"[grey]Set {TccOptions.DebugVariable}=1 to see the details.[/]");
            }

            return InternalError;
        }
    }

    /// <summary>The root command with every subcommand.</summary>
    public static RootCommand Create(ToolContext context) =>
        new("tcc: look at the runs your agents recorded locally (./.tcc/runs.jsonl), and send them to The Context Company.")
        {
            RunsCommand.Create(context),
            ShowCommand.Create(context),
            ViewCommand.Create(context),
            SendCommand.Create(context),
            DoctorCommand.Create(context),
        };

    /// <summary>The optional <c>FILE</c> argument: a runs file, <c>./.tcc/runs.jsonl</c> when left out.</summary>
    public static Argument<string?> FileArgument() => new("FILE")
    {
        Description = "The runs file (JSON lines). Default: " + TccOptions.DefaultLocalPath,
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>The full path of the runs file, checked to exist.</summary>
    /// <exception cref="ToolException">There is no such file.</exception>
    public static string ExistingRunsFile(ToolContext context, string? file)
    {
        string path = context.RunsFile(file);
        if (!File.Exists(path))
        {
            throw new ToolException(file is null
                ? $"no runs file at {path}. Run your app without {TccOptions.ApiKeyVariable} set to record runs there, or pass the FILE to read."
                : $"no such file: {path}");
        }

        return path;
    }

    private static bool IsDebug(ToolContext context) =>
        context.Environment(TccOptions.DebugVariable) is { } debug && (debug == "1" || debug.Equals("true", StringComparison.OrdinalIgnoreCase));
}
