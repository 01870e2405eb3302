using ContextCompany.Tests.Infrastructure;
using ContextCompany.Tool.Tests.Infrastructure;
using Xunit;
using static ContextCompany.Tool.Tests.Infrastructure.SendFixtures;

namespace ContextCompany.Tool.Tests;

/// <summary><c>tcc send --storage DIR</c>: a directory an SDK client filled during an outage is delivered.</summary>
public sealed class SendStorageTests
{
    [Fact]
    public async Task The_storage_of_a_client_that_could_not_deliver_is_sent_once_and_emptied()
    {
        using TempDirectory folder = new();
        string storage = folder.File("storage");
        string[] runIds = ["stored-1", "stored-2", "stored-3"];
        await FillDuringOutageAsync(storage, runIds);
        Assert.NotEmpty(Directory.GetFiles(storage));

        await using IngestServer server = await IngestServer.StartAsync();
        ToolResult result = await ToolRunner.RunAsync(folder.Path, Environment(server), "send", "--storage", "storage");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.All(runIds, id => Assert.Equal(1, Arrivals(server, id)));
        Assert.Equal(1, Arrivals(server, "stored-step"));
        Assert.All(server.Requests, static request => Assert.Equal("Bearer " + ApiKey, request.Header("Authorization")));
        Assert.Empty(Directory.GetFiles(storage));
        Assert.Matches(@"Sent\s*│\s*4\s*│", result.Output);
        AssertKeyNotLeaked(result, folder.Path);

        ToolResult again = await ToolRunner.RunAsync(folder.Path, Environment(server), "send", "--storage", storage);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Nothing to send", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stored_items_the_service_refuses_are_reported()
    {
        using TempDirectory folder = new();
        string storage = folder.File("storage");
        await FillDuringOutageAsync(storage, ["stored-ok", "stored-refused"]);

        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = static (request, _) => request.Body.Contains("stored-refused", StringComparison.Ordinal) ? new Reply(422) : Reply.Ok;
        ToolResult result = await ToolRunner.RunAsync(folder.Path, Environment(server), "send", "--storage", storage);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(1, Arrivals(server, "stored-ok"));
        Assert.Contains("the service refused 1 stored item(s)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_storage_directory_or_key_is_a_clear_error()
    {
        using TempDirectory folder = new();
        await using IngestServer server = await IngestServer.StartAsync();

        ToolResult missing = await ToolRunner.RunAsync(folder.Path, Environment(server), "send", "--storage", "nowhere");
        ToolResult noKey = await ToolRunner.RunAsync(folder.Path, new Dictionary<string, string>(), "send", "--storage", folder.Path);

        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("tcc: no such storage directory: " + folder.File("nowhere"), missing.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("nowhere")));
        Assert.Equal(1, noKey.ExitCode);
        Assert.Contains("no API key", noKey.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// An SDK client with storage on ends runs while the service answers 503, then shuts down: what it could
    /// not deliver stays in the directory for the next client (the first run carries a step in its batch).
    /// </summary>
    private static async Task FillDuringOutageAsync(string storage, string[] runIds)
    {
        await using IngestServer down = await IngestServer.StartAsync();
        down.Respond = static (_, _) => new Reply(503);
        TccClient client = new(new TccOptions
        {
            ApiKey = ApiKey,
            BaseUrl = down.BaseUrl,
            FeedbackUrl = null,
            StorageDirectory = storage,
            InitialRetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(200),
            ShutdownTimeout = TimeSpan.FromMilliseconds(300),
        });
        for (int i = 0; i < runIds.Length; i++)
        {
            AgentRun run = client.Run(runId: runIds[i]).Prompt("p");
            if (i == 0)
            {
                run.Step(stepId: "stored-step").Prompt("[]").Response("r").End();
            }

            run.Response("r").End();
            await WaitUntilAsync(() => Directory.Exists(storage) && Directory.GetFiles(storage).Length == i + 1, TimeSpan.FromSeconds(30));
        }

        await client.ShutdownAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using CancellationTokenSource deadline = new(timeout);
        while (!condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
