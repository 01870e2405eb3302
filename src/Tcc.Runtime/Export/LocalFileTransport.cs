using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Diagnostics;
using ContextCompany.Model;

namespace ContextCompany.Export;

/// <summary>
/// The embedded default when there is no API key: each payload becomes one line of a JSON-lines file and
/// each run one short summary line on standard error, so a program works end to end with no account.
/// </summary>
internal sealed class LocalFileTransport : Transport
{
    private const int SummaryTextLength = 60;

    // Clients of one process that write to the same file share one stream: .NET writes at the position a
    // stream tracks itself, so two streams on one file would overwrite each other's lines.
    private static readonly Dictionary<string, SharedFile> OpenFiles = new(StringComparer.Ordinal);

    private readonly TccDiagnostics _diagnostics;
    private readonly bool _summaries;
    private readonly SharedFile _file;
    private int _announced;
    private int _disposed;

    public LocalFileTransport(TccOptions options, TccDiagnostics diagnostics)
    {
        _diagnostics = diagnostics;
        _summaries = options.LocalRunSummaries;
        FullPath = Path.GetFullPath(string.IsNullOrWhiteSpace(options.LocalPath) ? TccOptions.DefaultLocalPath : options.LocalPath);
        lock (OpenFiles)
        {
            if (!OpenFiles.TryGetValue(FullPath, out SharedFile? file))
            {
                OpenFiles[FullPath] = file = new SharedFile(FullPath);
            }

            file.Users++;
            _file = file;
        }
    }

    public string FullPath { get; }

    // One writer keeps every line whole and in order.
    public override int Concurrency => 1;

    public override int TakeBatchSize => 64;

    public override Task<SendResult> SendAsync(IExportItem? item, ArraySegment<byte> payload, CancellationToken cancellationToken) =>
        Task.FromResult(Append(payload, item as AgentRun));

    public SendResult Append(ArraySegment<byte> payload, AgentRun? run)
    {
        if (Interlocked.Exchange(ref _announced, 1) == 0)
        {
            _diagnostics.WriteLine(
                $"[TCC] No {TccOptions.ApiKeyVariable} set: runs are written to {FullPath}. " +
                $"Set {TccOptions.ApiKeyVariable} to send them to The Context Company.");
        }

        try
        {
            _file.AppendLine(payload);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            return SendResult.Fail($"cannot write {FullPath}: {ex.Message}");
        }

        if (run is not null && _summaries)
        {
            _diagnostics.WriteLine(Summary(run));
        }

        return SendResult.Delivered;
    }

    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (OpenFiles)
        {
            if (--_file.Users == 0)
            {
                OpenFiles.Remove(FullPath);
                _file.Close();
            }
        }
    }

    /// <summary>One line: <c>[TCC] run 3f2a9c1e ok "What is the weather…" -> "15°C and cloudy."</c></summary>
    internal static string Summary(AgentRun run)
    {
        StringBuilder line = new("[TCC] run ");
        line.Append(ShortId(run.RunId));
        bool failed = run.StatusCode == RecordStatus.Error;
        line.Append(failed ? " error " : " ok ");
        line.Append(Quote(run.UserPrompt ?? "(no prompt)"));
        if (run.ResponseText is { } response)
        {
            line.Append(" -> ").Append(Quote(response));
        }

        if (failed && run.StatusMessage is { } message)
        {
            line.Append(" : ").Append(Shorten(message));
        }

        if (run.SessionId is { } session)
        {
            line.Append(" [session ").Append(ShortId(session)).Append(']');
        }

        return line.ToString();
    }

    private static string ShortId(string id) => id.Length > 8 ? id.Substring(0, 8) : id;

    private static string Quote(string text) => "\"" + Shorten(text) + "\"";

    private static string Shorten(string text)
    {
        string flat = text.Replace('\r', ' ').Replace('\n', ' ');
        return flat.Length <= SummaryTextLength ? flat : flat.Substring(0, SummaryTextLength - 1) + "…";
    }

    /// <summary>One file, written by every client of the process that uses it.</summary>
    private sealed class SharedFile(string path)
    {
        private FileStream? _stream;

        public int Users { get; set; }

        public void AppendLine(ArraySegment<byte> line)
        {
            lock (this)
            {
                FileStream stream = _stream ??= Open();

                // Another process may have appended since: write at the current end, in one call.
                stream.Seek(0, SeekOrigin.End);
                byte[] buffer = new byte[line.Count + 1];
                Buffer.BlockCopy(line.Array!, line.Offset, buffer, 0, line.Count);
                buffer[line.Count] = (byte)'\n';
                stream.Write(buffer, 0, buffer.Length);
                stream.Flush();
            }
        }

        public void Close()
        {
            lock (this)
            {
                _stream?.Dispose();
                _stream = null;
            }
        }

        private FileStream Open()
        {
            string? directory = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            // Other processes (a second program, a `tail -f`) may read or append at the same time.
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        }
    }
}
