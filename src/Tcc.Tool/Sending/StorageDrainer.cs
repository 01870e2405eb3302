using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;

namespace ContextCompany.Tool.Sending;

/// <summary>
/// <c>tcc send --storage DIR</c>: delivers what an SDK's offline storage directory holds, by doing what an
/// application does: starting a client with the key and that <see cref="TccOptions.StorageDirectory"/>,
/// whose recovery sends every segment nobody else is sending. It waits until the directory is empty, or
/// for about one delivery deadline, and reports from the client's statistics.
/// </summary>
internal static class StorageDrainer
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Drains <paramref name="directory"/>; returns the exit code.</summary>
    /// <exception cref="ToolException">The directory does not exist, or the key or URL is wrong.</exception>
    public static async Task<int> DrainAsync(ToolContext context, string directory, TccOptions options, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new ToolException($"no such storage directory: {directory}");
        }

        string baseUrl = ServiceConnection.Endpoints(options).BaseUrl;
        options.StorageDirectory = directory;
        options.LocalRunSummaries = false;
        options.RunTimeout = null; // this client starts no runs
        TccClient client = CreateClient(options);
        TccDeliveryStatistics before = client.Statistics;
        long initialBytes = before.StoredBytes;
        if (initialBytes == 0)
        {
            await client.ShutdownAsync(TimeSpan.Zero).ConfigureAwait(false);
            context.Output.WriteLine($"Nothing to send: {directory} holds no stored items.", Style.Plain);
            return TccCommandLine.Success;
        }

        // One delivery deadline lets every record have its full retry budget once; a little more for the last requests.
        TimeSpan wait = options.DeliveryDeadline + options.RequestTimeout;
        bool emptied;
        try
        {
            emptied = await SendProgress.RunAsync(context.Error, $"sending {directory} to {baseUrl}", initialBytes, "bytes", async progress =>
            {
                using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(wait);
                while (client.Statistics.StoredBytes > 0)
                {
                    progress.SetDone(Math.Max(0, initialBytes - client.Statistics.StoredBytes));
                    try
                    {
                        await Task.Delay(PollInterval, timeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        return false;
                    }
                }

                progress.SetDone(initialBytes);
                return true;
            }).ConfigureAwait(false);
        }
        finally
        {
            // What is not finished goes back to the directory as pending, for the next client.
            await client.ShutdownAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }

        TccDeliveryStatistics after = client.Statistics;
        int leftFiles = Directory.Exists(directory) ? Directory.EnumerateFiles(directory).Count() : 0;
        Table table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{directory} → {baseUrl}"));
        table.AddColumn("");
        table.AddColumn(new TableColumn("Items").RightAligned());
        table.AddRow("Sent", Output.Formats.Count(after.Sent));
        table.AddRow("Refused (removed from the directory)", Output.Formats.Count(after.Failed));
        table.AddRow("Retried attempts", Output.Formats.Count(after.Retried));
        context.Output.Write(table);
        if (after.Failed > 0)
        {
            context.Error.MarkupLineInterpolated(
                $"[yellow]tcc send: the service refused {after.Failed} stored item(s); as the SDK does, they were removed from the directory and are not sent again.[/]");
        }

        if (!emptied || leftFiles > 0)
        {
            context.Error.MarkupLineInterpolated(
                $"[yellow]tcc send: {leftFiles} segment file(s) are still in {directory} (not delivered within {wait.TotalSeconds:0} s, or held by a running app). The next tcc send --storage, or the next SDK client on this directory, sends them.[/]");
        }

        return after.Failed == 0 && emptied && leftFiles == 0 ? TccCommandLine.Success : TccCommandLine.Failure;
    }

    private static TccClient CreateClient(TccOptions options)
    {
        try
        {
            return new TccClient(options);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new ToolException(Output.SdkMessage.Of(ex), ex);
        }
    }
}
