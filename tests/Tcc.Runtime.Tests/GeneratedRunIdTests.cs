using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ContextCompany.Export;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>
/// A generated run id stays bytes until something reads its text: the payload carries the same id that
/// <see cref="AgentRun.RunId"/> reports before, after or during delivery.
/// </summary>
public sealed partial class GeneratedRunIdTests : ServerTestBase
{
    [Fact]
    public async Task Runs_whose_id_was_never_read_are_sent_with_the_id_they_report_afterwards()
    {
        AgentRun[] runs = Enumerable.Range(0, 50).Select(i => Client.Run()).ToArray();
        foreach (AgentRun run in runs)
        {
            run.Prompt("Hello").End();
        }

        Assert.True(await Client.FlushAsync(TimeSpan.FromSeconds(30)));
        string[] sent = Server.RequestsTo("/v1/custom").Select(r => r.Json.GetProperty("run_id").GetString()!).ToArray();

        Assert.Equal(runs.Select(r => r.RunId).OrderBy(id => id), sent.OrderBy(id => id));
        Assert.All(sent, id => Assert.Matches(UuidV4(), id));
    }

    [Fact]
    public async Task A_run_id_read_before_the_end_is_the_one_sent()
    {
        AgentRun run = Client.Run();
        string id = run.RunId;
        run.Prompt("Hello").End();

        RecordedRequest request = await SingleIngestAsync();

        Assert.Equal(id, request.Json.GetProperty("run_id").GetString());
        Assert.Same(id, run.RunId);
    }

    [Fact]
    public void Threads_reading_a_new_run_id_at_once_all_get_the_same_string()
    {
        for (int round = 0; round < 200; round++)
        {
            AgentRun run = Client.Run();
            ConcurrentBag<string> seen = new();
            Parallel.For(0, 4, _ => seen.Add(run.RunId));

            Assert.Single(seen.Distinct(ReferenceEqualityComparer.Instance));
            Assert.Matches(UuidV4(), seen.First());
        }
    }

    [Fact]
    public void A_caller_chosen_id_is_kept_as_given()
    {
        AgentRun run = Client.Run(runId: "run-123");

        Assert.Equal("run-123", run.RunId);
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex UuidV4();
}

/// <summary>A transport that takes items as they are (<see cref="Transport.NeedsPayload"/> false) gets no bytes and every item.</summary>
public sealed class ItemSinkTests
{
    [Fact]
    public async Task The_workers_skip_serialization_for_a_sink_that_takes_items()
    {
        ItemSink sink = new();
        TccOptions options = TestClients.CleanOptions();
        options.ApiKey = TestClients.ApiKey;
        options.TransportOverride = (_, _) => sink;
        await using TccClient client = new(options);

        AgentRun[] runs = Enumerable.Range(0, 20).Select(_ => client.Run().Prompt("Hello")).ToArray();
        foreach (AgentRun run in runs)
        {
            run.End();
        }

        Assert.True(await client.FlushAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(runs, sink.Items.OrderBy(item => Array.IndexOf(runs, item)));
        Assert.All(sink.PayloadLengths, length => Assert.Equal(0, length));
        Assert.Equal(20, client.Statistics.Sent);
    }

    private sealed class ItemSink : Transport
    {
        private readonly ConcurrentQueue<IExportItem> _items = new();
        private readonly ConcurrentQueue<int> _payloadLengths = new();

        public IExportItem[] Items => _items.ToArray();

        public int[] PayloadLengths => _payloadLengths.ToArray();

        public override int Concurrency => 1;

        public override bool NeedsPayload => false;

        public override Task<SendResult> SendAsync(IExportItem? item, ArraySegment<byte> payload, CancellationToken cancellationToken)
        {
            _items.Enqueue(item!);
            _payloadLengths.Enqueue(payload.Count);
            return Task.FromResult(SendResult.Delivered);
        }
    }
}
