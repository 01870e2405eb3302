using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Agents.AI.Tests.Infrastructure;

/// <summary>A test class with its own loopback ingestion server and a client pointed at it, per test.</summary>
public abstract class AgentTestBase : IAsyncLifetime
{
    protected IngestServer Server { get; private set; } = null!;

    protected TccClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await IngestServer.StartAsync();
        Client = TestAgents.ClientFor(Server);
    }

    public async Task DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>Waits until everything ended so far has reached the server, then returns what it received.</summary>
    protected async Task<Delivered> DeliveredAsync()
    {
        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(30)), "flush did not finish");
        return Delivered.From(Server);
    }
}
