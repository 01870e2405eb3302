using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>
/// Every metadata overload of a run sets all of its pairs or none: a bad pair anywhere, even after good
/// ones, throws and leaves the metadata exactly as it was (what is delivered shows it).
/// </summary>
public sealed class MetadataAllOrNothingTests : ServerTestBase
{
    private static readonly KeyValuePair<string, string>[] Before = [new("plan", "free"), new("seats", "3")];

    [Fact]
    public async Task A_bad_pair_in_the_middle_of_a_sequence_changes_nothing()
    {
        await AssertRefusedAndUnchangedAsync(run => run.Metadata(new KeyValuePair<string, string>[] { new("plan", "pro"), new("region", null!), new("tier", "gold") }), "data", "'region'");
        await AssertRefusedAndUnchangedAsync(run => run.Metadata(Pairs("plan", "pro", null!, "eu", "tier", "gold")), "data", "key is null");
    }

    [Fact]
    public async Task A_bad_pair_in_the_middle_of_tuple_pairs_changes_nothing()
    {
        await AssertRefusedAndUnchangedAsync(run => run.Metadata(("plan", "pro"), ("region", null!), ("tier", "gold")), "pairs", "'region'");
        await AssertRefusedAndUnchangedAsync(run => run.Metadata(("plan", "pro"), (null!, "eu"), ("tier", "gold")), "pairs", "key is null");
    }

    [Fact]
    public async Task A_bad_single_pair_changes_nothing()
    {
        await AssertRefusedAndUnchangedAsync(run => run.Metadata("plan", null!), "value");
        await AssertRefusedAndUnchangedAsync(run => run.Metadata(null!, "pro"), "key");
    }

    /// <summary>
    /// On a run whose metadata is <see cref="Before"/>, <paramref name="badCall"/> throws an
    /// <see cref="ArgumentException"/> for <paramref name="paramName"/> (saying <paramref name="messagePart"/>),
    /// and the run is delivered with exactly <see cref="Before"/>, in the same order.
    /// </summary>
    private async Task AssertRefusedAndUnchangedAsync(Action<AgentRun> badCall, string paramName, string? messagePart = null)
    {
        AgentRun run = Client.Run().Prompt("p").Metadata(Before[0].Key, Before[0].Value).Metadata(Before[1].Key, Before[1].Value);

        ArgumentException error = Assert.ThrowsAny<ArgumentException>(() => badCall(run));
        run.End();

        Assert.Equal(paramName, error.ParamName);
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(Before, await DeliveredMetadataAsync(run.RunId));
    }

    private static IEnumerable<KeyValuePair<string, string>> Pairs(params string[] keysAndValues)
    {
        for (int i = 0; i < keysAndValues.Length; i += 2)
        {
            yield return new(keysAndValues[i], keysAndValues[i + 1]);
        }
    }

    /// <summary>The metadata of run <paramref name="runId"/> as it arrived, in the order it was sent.</summary>
    private async Task<KeyValuePair<string, string>[]> DeliveredMetadataAsync(string runId)
    {
        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(30)));
        RecordedRequest request = Assert.Single(Server.RequestsTo("/v1/custom"), r => r.Json.GetProperty("run_id").GetString() == runId);
        return request.Json.GetProperty("metadata").EnumerateObject()
            .Select(property => new KeyValuePair<string, string>(property.Name, property.Value.GetString()!))
            .ToArray();
    }
}
