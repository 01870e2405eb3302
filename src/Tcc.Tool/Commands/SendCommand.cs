using System;
using System.CommandLine;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Tool.Sending;

namespace ContextCompany.Tool.Commands;

/// <summary>
/// <c>tcc send [FILE] [--api-key KEY] [--storage DIR]</c>: sends the runs, steps, tool calls and feedback of a
/// local runs file to The Context Company with the SDK's own delivery, remembering what was sent beside the
/// file; or drains an SDK offline storage directory.
/// </summary>
internal static class SendCommand
{
    public static Command Create(ToolContext context)
    {
        Argument<string?> file = TccCommandLine.FileArgument();
        Option<string?> apiKey = new("--api-key")
        {
            Description = $"The API key. Default: {TccOptions.ApiKeyVariable}.",
            HelpName = "KEY",
        };
        Option<string?> storage = new("--storage")
        {
            Description = "Send what an SDK offline storage directory (TccOptions.StorageDirectory, TCC_STORAGE_DIR) holds, instead of a runs file.",
            HelpName = "DIR",
        };
        Command command = new("send", "Send the runs, steps, tool calls and feedback of a runs file to The Context Company (what was sent is recorded in FILE.sent and not sent again).")
        {
            file,
            apiKey,
            storage,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(context, parse.GetValue(file), parse.GetValue(apiKey), parse.GetValue(storage), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ToolContext context, string? file, string? apiKey, string? storage, CancellationToken cancellationToken)
    {
        if (storage is not null && file is not null)
        {
            throw new ToolException("give either a FILE or --storage DIR, not both: --storage sends a storage directory instead of a runs file.");
        }

        if (storage is not null)
        {
            if (string.IsNullOrWhiteSpace(storage))
            {
                throw new ToolException("--storage needs a directory.");
            }

            TccOptions storageOptions = ServiceConnection.Options(context, apiKey);
            return await StorageDrainer.DrainAsync(context, Path.GetFullPath(storage, context.WorkingDirectory), storageOptions, cancellationToken)
                .ConfigureAwait(false);
        }

        string path = TccCommandLine.ExistingRunsFile(context, file);
        TccOptions options = ServiceConnection.Options(context, apiKey);
        SendReport report = await new RunsFileSender(context, path).SendAsync(options, cancellationToken).ConfigureAwait(false);
        report.Write(context.Output, context.Error);
        return report.LeftUnsent ? TccCommandLine.Failure : TccCommandLine.Success;
    }
}
