using System.CommandLine;
using System.Threading.Tasks;
using Spectre.Console;

namespace ContextCompany.Tool.Commands;

/// <summary><c>tcc runs</c>: to be written.</summary>
internal static class RunsCommand
{
    public static Command Create(ToolContext context)
    {
        Command command = new("runs", "(not written yet)");
        command.SetAction((_, _) =>
        {
            context.Error.WriteLine("tcc runs: not written yet");
            return Task.FromResult(TccCommandLine.Failure);
        });
        return command;
    }
}
