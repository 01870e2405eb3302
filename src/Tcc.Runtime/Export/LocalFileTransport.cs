using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Diagnostics;

namespace ContextCompany.Export;

/// <summary>
/// The embedded default when there is no API key: each payload becomes one line of a JSON-lines file and
/// each run one short summary line on standard error, so a program works end to end with no account.
/// </summary>
internal sealed class LocalFileTransport : Transport
{
    private const int SummaryTextLength = 60;

    private readonly object _gate = new();
    private readonly TccDiagnostics _diagnostics;
    private readonly bool _summaries;
    private FileStream? _file;
    private bool _announced;

    public LocalFileTransport(TccOptions options, TccDiagnostics diagnostics)
    {
        _diagnostics = diagnostics;
        _summaries = options.LocalRunSummaries;
        FullPath = Path.GetFullPath(string.IsNullOrWhiteSpace(options.LocalPath) ? TccOptions.DefaultLocalPath : options.LocalPath);
    }

    public string FullPath { get; }

    // One writer keeps every line whole and in order.
    public override int Concurrency => 1;

    public override Task<SendResult> SendAsync(IExportItem item, ArraySegment<byte> payload, CancellationToken cancellationToken) =>
        Task.FromResult(Append(payload, item as AgentRun));

    public SendResult Append(ArraySegment<byte> payload, AgentRun? run)
    {
        try
        {
            lock (_gate)
            {
                if (!_announced)
                {
                    _announced = true;
                    _diagnostics.WriteLine(
                        $"[TCC] No {TccOptions.ApiKeyVariable} set: runs are written to {FullPath}. " +
                        $"Set {TccOptions.ApiKeyVariable} to send them to The Context Company.");
                }

                FileStream file = _file ??= Open();
                file.Write(payload.Array!, payload.Offset, payload.Count);
                file.WriteByte((byte)'\n');
                file.Flush();
            }
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
        lock (_gate)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    /// <summary>One line: <c>[TCC] run 3f2a9c1e ok "What is the weather…" → "15°C and cloudy."</c></summary>
    internal static string Summary(AgentRun run)
    {
        StringBuilder line = new("[TCC] run ");
        line.Append(ShortId(run.RunId));
        line.Append(run.StatusCode == 2 ? " error " : " ok ");
        line.Append(Quote(run.UserPrompt ?? "(no prompt)"));
        if (run.ResponseText is { } response)
        {
            line.Append(" -> ").Append(Quote(response));
        }

        if (run.StatusCode == 2 && run.StatusMessage is { } message)
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

    private FileStream Open()
    {
        string? directory = Path.GetDirectoryName(FullPath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // Other processes (a second program, a `tail -f`) may read or append at the same time.
        return new FileStream(FullPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }
}
