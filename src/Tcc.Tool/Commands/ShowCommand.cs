using System.CommandLine;
using System.Threading.Tasks;
using Spectre.Console;

namespace ContextCompany.Tool.Commands;

/// <summary><c>tcc show</c>: to be written.</summary>
internal static class ShowCommand
{
    public static Command Create(ToolContext context)
    {
        Command command = new("show", "(not written yet)");
        command.SetAction((_, _) =>
        {
            context.Error.WriteLine("tcc show: not written yet");
            return Task.FromResult(TccCommandLine.Failure);
        });
        return command;
    }
}
