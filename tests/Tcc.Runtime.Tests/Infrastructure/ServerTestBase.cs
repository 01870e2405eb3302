namespace ContextCompany.Tests.Infrastructure;

/// <summary>A test class with its own <see cref="IngestServer"/> and a client pointed at it, per test.</summary>
public abstract class ServerTestBase : Xunit.IAsyncLifetime
{
    private readonly List<string> _stderr = new();

    protected IngestServer Server { get; private set; } = null!;

    protected TccClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await IngestServer.StartAsync();
        Client = TestClients.ForServer(Server, o => o.StandardError = line =>
        {
            lock (_stderr)
            {
                _stderr.Add(line);
            }
        });
    }

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>What the client wrote to standard error.</summary>
    protected string[] StandardError()
    {
        lock (_stderr)
        {
            return _stderr.ToArray();
        }
    }

    /// <summary>Flushes, then returns the one request that reached <c>/v1/custom</c>.</summary>
    protected async Task<RecordedRequest> SingleIngestAsync()
    {
        Xunit.Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(30)));
        return Xunit.Assert.Single(Server.RequestsTo("/v1/custom"));
    }
}

/// <summary>A test class with a client that has no API key and writes to a fresh temporary folder.</summary>
public abstract class LocalClientTestBase : IDisposable
{
    private readonly TempFolder _folder = new();

    protected LocalClientTestBase() => Client = TestClients.Local(_folder);

    protected TccClient Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
