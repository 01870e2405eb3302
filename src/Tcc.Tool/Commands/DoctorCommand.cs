using System.CommandLine;
using System.Threading.Tasks;
using Spectre.Console;

namespace ContextCompany.Tool.Commands;

/// <summary><c>tcc doctor</c>: to be written.</summary>
internal static class DoctorCommand
{
    public static Command Create(ToolContext context)
    {
        Command command = new("doctor", "(not written yet)");
        command.SetAction((_, _) =>
        {
            context.Error.WriteLine("tcc doctor: not written yet");
            return Task.FromResult(TccCommandLine.Failure);
        });
        return command;
    }
}
