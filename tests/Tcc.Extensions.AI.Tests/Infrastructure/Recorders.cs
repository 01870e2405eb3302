using System.Text.Json;
using ContextCompany.Tests.Infrastructure;

namespace ContextCompany.Extensions.AI.Tests.Infrastructure;

/// <summary>A TccClient pointed at a real ingestion server on 127.0.0.1, and what it received.</summary>
public sealed class ServerRecorder : IAsyncDisposable
{
    private ServerRecorder(IngestServer server, TccClient client)
    {
        Server = server;
        Client = client;
    }

    public IngestServer Server { get; }

    public TccClient Client { get; }

    public static async Task<ServerRecorder> StartAsync()
    {
        IngestServer server = await IngestServer.StartAsync();
        TccClient client = new(new TccOptions
        {
            ApiKey = "tcc_test_0123456789abcdef",
            BaseUrl = server.BaseUrl,
            DiagnosticsToStandardError = false,
            InitialRetryDelay = TimeSpan.FromMilliseconds(20),
        });
        return new ServerRecorder(server, client);
    }

    /// <summary>Flushes, then everything that reached <c>/v1/custom</c>.</summary>
    public async Task<Recorded> ReceivedAsync()
    {
        Xunit.Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(30)));
        return new Recorded(Server.RequestsTo("/v1/custom").Select(r => r.Json));
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }
}

/// <summary>A TccClient without an API key, writing its JSON lines to a temporary folder's <c>.tcc/runs.jsonl</c>.</summary>
public sealed class LocalRecorder : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tcc-ai-tests-" + Guid.NewGuid().ToString("N"));

    public LocalRecorder()
    {
        Client = new TccClient(new TccOptions
        {
            ApiKey = null,
            LocalPath = Path.Combine(_folder, ".tcc", "runs.jsonl"),
            LocalRunSummaries = false,
            DiagnosticsToStandardError = false,
        });
    }

    public TccClient Client { get; }

    public async Task<string[]> LinesAsync()
    {
        Xunit.Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(30)));
        return await File.ReadAllLinesAsync(Client.LocalFilePath!);
    }

    public async Task<Recorded> ReceivedAsync() => new((await LinesAsync()).Select(l => JsonDocument.Parse(l).RootElement));

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
