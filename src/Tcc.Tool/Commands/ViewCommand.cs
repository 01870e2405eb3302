using System.CommandLine;
using System.Threading.Tasks;
using Spectre.Console;

namespace ContextCompany.Tool.Commands;

/// <summary><c>tcc view</c>: to be written.</summary>
internal static class ViewCommand
{
    public static Command Create(ToolContext context)
    {
        Command command = new("view", "(not written yet)");
        command.SetAction((_, _) =>
        {
            context.Error.WriteLine("tcc view: not written yet");
            return Task.FromResult(TccCommandLine.Failure);
        });
        return command;
    }
}
