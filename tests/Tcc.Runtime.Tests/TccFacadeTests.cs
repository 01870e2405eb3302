using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tests;

/// <summary>
/// The static <see cref="Tcc"/> facade over the default client. The default client's creation is watched in
/// a child process (the probe program), whose environment the test chooses.
/// </summary>
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

    [Fact]
    public async Task Statistics_and_FlushAsync_do_not_create_the_default_client()
    {
        // Creating the default client from this environment would report the unsafe URL on standard error.
        (int exitCode, string output) = await RunProbeAsync("statistics", UnsafeEnvironment());

        Assert.Equal(0, exitCode);
        Assert.Contains("statistics: enqueued 0, sent 0, retried 0, dropped 0, failed 0, queued 0/0", output);
        Assert.Contains("flushed: True", output);
        Assert.DoesNotContain("[TCC]", output);
    }

    [Theory]
    [InlineData("configure-null")]
    [InlineData("configure-null-options")]
    public async Task Configure_null_configures_the_default_client_from_the_environment(string mode)
    {
        await using IngestServer server = await IngestServer.StartAsync();

        (int exitCode, string output) = await RunProbeAsync(mode, new()
        {
            ["TCC_API_KEY"] = TestClients.ApiKey,
            ["TCC_BASE_URL"] = server.BaseUrl.ToString(),
        });

        Assert.Equal(0, exitCode);
        Assert.Contains("default client replaced: True", output);
        Assert.Contains("flushed: True", output);
        Assert.Contains("\"run_id\":\"configured-from-the-environment\"", Assert.Single(server.RequestsTo("/v1/custom")).Body);
    }

    [Theory]
    [InlineData("configure-null")]
    [InlineData("configure-null-options")]
    public async Task Configure_null_with_an_unsafe_url_in_the_environment_throws_at_once(string mode)
    {
        (int exitCode, string output) = await RunProbeAsync(mode, UnsafeEnvironment());

        Assert.Equal(0, exitCode);
        Assert.Contains("InvalidOperationException: [TCC] Refusing unsafe TCC base URL (https://collector.example.com)", output);
        Assert.DoesNotContain("flushed", output);
    }

    private static Dictionary<string, string> UnsafeEnvironment() => new()
    {
        ["TCC_API_KEY"] = TestClients.ApiKey,
        ["TCC_BASE_URL"] = "https://collector.example.com",
    };

    private static async Task<(int ExitCode, string Output)> RunProbeAsync(string mode, Dictionary<string, string> environment)
    {
        using TempFolder folder = new();
        return await ChildProcess.RunAsync("Tcc.Runtime.ExitProbe.dll", folder.Path, environment, mode);
    }
}
