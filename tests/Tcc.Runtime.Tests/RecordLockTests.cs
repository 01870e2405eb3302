using System.Text.Json;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>
/// Runs, steps and tool calls guard their fields with a compare-and-swap lock: no update is lost when
/// threads set values at once, and user code is never run while the lock is held.
/// </summary>
public sealed class RecordLockTests : ServerTestBase
{
    [Fact]
    public async Task Metadata_set_from_many_threads_at_once_is_all_sent()
    {
        AgentRun run = Client.Run().Prompt("p");
        using Barrier start = new(8);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < 400; i++)
            {
                run.Metadata($"key-{thread}-{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        })));
        run.End();

        RecordedRequest request = await SingleIngestAsync();
        JsonElement metadata = request.Json.GetProperty("metadata");

        Assert.Equal(3200, metadata.EnumerateObject().Count());
        Assert.Equal("399", metadata.GetProperty("key-7-399").GetString());
    }

    [Fact]
    public async Task A_step_set_from_many_threads_at_once_keeps_the_last_values()
    {
        AgentRun run = Client.Run().Prompt("p");
        AgentStep step = run.Step();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            for (int i = 0; i < 2000; i++)
            {
                step.Prompt("prompt").Response("response").Tokens(promptUncached: i, completion: i);
            }
        })));
        step.End();
        run.End();

        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(30)));
        JsonElement sent = Assert.Single(Server.RequestsTo("/v1/custom").SelectMany(r => r.Items), item => item.GetProperty("type").GetString() == "step");
        Assert.Equal(1999, sent.GetProperty("prompt_uncached_tokens").GetInt32()); // every thread's last value
        Assert.Equal(1999, sent.GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task A_metadata_sequence_that_calls_back_into_the_run_does_not_deadlock()
    {
        AgentRun run = Client.Run().Prompt("p");

        IEnumerable<KeyValuePair<string, string>> Pairs()
        {
            run.Response("set while the pairs are read");
            yield return new("plan", "pro");
        }

        await Task.Run(() => run.Metadata(Pairs())).WaitAsync(TimeSpan.FromSeconds(30));
        run.End();

        RecordedRequest request = await SingleIngestAsync();
        Assert.Equal("pro", request.Json.GetProperty("metadata").GetProperty("plan").GetString());
        Assert.Equal("set while the pairs are read", request.Json.GetProperty("response").GetString());
    }

    [Fact]
    public async Task A_bad_pair_leaves_the_metadata_as_it_was()
    {
        AgentRun run = Client.Run().Prompt("p").Metadata("plan", "free");

        ArgumentException error = Assert.Throws<ArgumentException>(() => run.Metadata(
            [new KeyValuePair<string, string>("plan", "pro"), new KeyValuePair<string, string>("region", null!)]));
        run.End();

        Assert.Contains("'region'", error.Message);
        RecordedRequest request = await SingleIngestAsync();
        JsonElement metadata = request.Json.GetProperty("metadata");
        Assert.Equal("free", metadata.GetProperty("plan").GetString());
        Assert.False(metadata.TryGetProperty("region", out _));
    }
}
