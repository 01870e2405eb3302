using System.CommandLine;
using System.Threading.Tasks;
using Spectre.Console;

namespace ContextCompany.Tool.Commands;

/// <summary><c>tcc send</c>: to be written.</summary>
internal static class SendCommand
{
    public static Command Create(ToolContext context)
    {
        Command command = new("send", "(not written yet)");
        command.SetAction((_, _) =>
        {
            context.Error.WriteLine("tcc send: not written yet");
            return Task.FromResult(TccCommandLine.Failure);
        });
        return command;
    }
}
