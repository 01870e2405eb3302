using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using ContextCompany.Export;

namespace ContextCompany.Tool.Sending;

/// <summary>
/// Sends the items of a runs file that its sent record does not hold, each through the SDK's delivery, and
/// records each one as it is delivered.
/// </summary>
/// <remarks>
/// The file is read twice and never held whole: first to count what is new (for the progress bar and the
/// "nothing new" answer), then to send it, several requests at once, while the second read is held back
/// by a bounded channel. Only what the first read found is sent, so lines an app appends meanwhile wait
/// for the next send.
/// </remarks>
internal sealed class RunsFileSender
{
    /// <summary>Items read ahead of the senders: bounds the memory whatever the file's size.</summary>
    private const int ReadAhead = 256;

    private readonly ToolContext _context;
    private readonly string _path;

    public RunsFileSender(ToolContext context, string path)
    {
        _context = context;
        _path = path;
    }

    /// <summary>Sends what is new; the report says what happened to each item.</summary>
    /// <exception cref="ToolException">The file or its sent record cannot be read or written, or the key or URL is wrong.</exception>
    public async Task<SendReport> SendAsync(TccOptions options, CancellationToken cancellationToken)
    {
        // Checked before anything is read: a wrong URL is a mistake to fix first.
        ServiceConnection.Endpoints(options);
        using SentRecord sent = SentRecord.Open(_path);
        SendReport report = new(_path, sent.Path);
        RunsFileItems items = new();

        HashSet<string> pending = new(StringComparer.Ordinal);
        ReadFile(() => items.Read(_path, (record, json, _) =>
        {
            ItemKind kind = SendItem.KindOf(record);
            string key = SendItem.KeyOf(kind, record, json);
            if (sent.Contains(key))
            {
                report.CountSkipped(kind);
            }
            else if (!pending.Add(key))
            {
                report.Duplicates++;
            }
        }));
        report.Malformed = [.. items.Errors];
        if (pending.Count == 0)
        {
            return report;
        }

        await using ServiceConnection connection = ServiceConnection.Create(options);
        report.Destination = connection.BaseUrl;
        await SendProgress.RunAsync(_context.Error, $"sending {pending.Count} item(s) to {connection.BaseUrl}", pending.Count, "items", async progress =>
        {
            await SendPendingAsync(connection, pending, sent, report, progress, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        return report;
    }

    private async Task SendPendingAsync(ServiceConnection connection, HashSet<string> pending, SentRecord sent, SendReport report, SendProgress progress, CancellationToken cancellationToken)
    {
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Channel<SendItem> queue = Channel.CreateBounded<SendItem>(new BoundedChannelOptions(ReadAhead) { SingleWriter = true });

        // The reader calls back synchronously with spans, so it runs on a thread of its own and waits there
        // while the channel is full.
        Task reading = Task.Factory.StartNew(() =>
        {
            try
            {
                ReadFile(() => new RunsFileItems().Read(_path, (record, json, number) =>
                {
                    string key = SendItem.KeyOf(SendItem.KindOf(record), record, json);
                    if (pending.Remove(key))
                    {
                        queue.Writer.WriteAsync(new SendItem(record, json, number), stop.Token).AsTask().GetAwaiter().GetResult();
                    }
                }));
                queue.Writer.Complete();
            }
            catch (Exception ex)
            {
                queue.Writer.Complete(ex);
                throw;
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        Task[] senders = new Task[Math.Max(1, connection.Concurrency)];
        for (int i = 0; i < senders.Length; i++)
        {
            senders[i] = Task.Run(async () =>
            {
                try
                {
                    await foreach (SendItem item in queue.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                    {
                        PayloadResult result = await connection.SendAsync(item, stop.Token).ConfigureAwait(false);
                        if (result.Outcome == PayloadOutcome.Delivered)
                        {
                            sent.Add(item.Key); // before it is counted: an interrupted send never sends it again
                        }

                        report.Count(item, result);
                        progress.Advance();
                    }
                }
                catch
                {
                    stop.Cancel(); // one failing sender (the record cannot be written) stops the others and the reader
                    throw;
                }
            }, stop.Token);
        }

        // A failing sender has canceled the others and the reader: its exception is the one thrown here.
        await Task.WhenAll(senders).ConfigureAwait(false);
        await reading.ConfigureAwait(false);
    }

    /// <summary>Runs a read of the runs file, turning the file system's errors into one clear line.</summary>
    private void ReadFile(Action read)
    {
        try
        {
            read();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ToolException($"cannot read {_path}: {ex.Message}", ex);
        }
    }
}
