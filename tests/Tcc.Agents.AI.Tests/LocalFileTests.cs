using System.Text.Json;
using ContextCompany.Agents.AI.Tests.Infrastructure;
using Microsoft.Agents.AI;
using Xunit;

namespace ContextCompany.Agents.AI.Tests;

/// <summary>Without an API key, an agent's run and its children land in the local JSON-lines file.</summary>
public sealed class LocalFileTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tcc-agents-tests-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Without_an_api_key_the_run_and_its_children_are_written_to_the_local_file()
    {
        string path = Path.Combine(_folder, ".tcc", "runs.jsonl");
        await using (TccClient client = new(new TccOptions { ApiKey = null, BaseUrl = null, LocalPath = path, LocalRunSummaries = false, DiagnosticsToStandardError = false }))
        {
            AIAgent agent = TestAgents.Create(client);
            await agent.RunAsync("Where is order 1234?");
        }

        Delivered written = Delivered.FromJsonLines(path);
        JsonElement run = Assert.Single(written.Runs);
        Assert.Equal("Where is order 1234?", run.GetProperty("prompt").GetProperty("user_prompt").GetString());
        Assert.Equal("support-agent", run.GetProperty("metadata").GetProperty("tcc.agent").GetString());
        Assert.Equal(3, written.ChildrenOf(run).Length);
        Assert.Equal(4, written.Items.Length);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
