using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>The static <see cref="Tcc"/> facade over the default client. The only tests that touch it.</summary>
public sealed class TccFacadeTests
{
    [Fact]
    public async Task Configure_then_the_module_level_functions_send_to_the_configured_service()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        Tcc.Configure(o =>
        {
            o.ApiKey = TestClients.ApiKey;
            o.BaseUrl = server.BaseUrl;
        });

        AgentRun r = Tcc.Run(sessionId: "facade");
        Tcc.Step(r.RunId).Prompt("p").Response("r").End();
        Tcc.ToolCall(r.RunId, "lookup").End();
        r.Prompt("question").Response("answer").End();
        Assert.True(await Tcc.FlushAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await Tcc.SubmitFeedbackAsync(r.RunId, FeedbackScore.ThumbsUp));
        Assert.True(await Tcc.SubmitFeedbackAsync(r.RunId, "thumbs_down", "changed my mind"));

        Assert.Equal(3, server.RequestsTo("/v1/custom").Count);
        Assert.Equal(2, server.RequestsTo("/v1/feedback").Count);
        Assert.Equal(3, Tcc.Statistics.Sent);

        await Tcc.ShutdownAsync();
        Tcc.Run().Prompt("after shutdown").End(); // dropped and counted, never thrown
        Assert.Equal(1, Tcc.Statistics.Dropped);
    }

    [Fact]
    public void Configure_with_an_unsafe_url_fails_fast_and_keeps_the_previous_client()
    {
        TccClient before = Tcc.Client;
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => Tcc.Configure(o =>
        {
            o.ApiKey = TestClients.ApiKey;
            o.BaseUrl = new Uri("https://collector.example.com");
        }));
        Assert.StartsWith("[TCC] Refusing unsafe TCC base URL", e.Message);
        Assert.Same(before, Tcc.Client);
    }
}
