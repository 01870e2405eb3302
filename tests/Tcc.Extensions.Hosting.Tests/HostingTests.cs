using System.Text.Json;
using ContextCompany.Extensions.Hosting.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Extensions.Hosting.Tests;

[Collection(HostCollection.Name)]
public sealed class HostingTests
{
    [Fact]
    public async Task Options_are_bound_from_the_ContextCompany_configuration_section()
    {
        HostApplicationBuilder builder = Hosts.Builder(new Dictionary<string, string?>
        {
            ["ContextCompany:ApiKey"] = "tcc_from_configuration",
            ["ContextCompany:BaseUrl"] = "http://127.0.0.1:9/",
            ["ContextCompany:FeedbackUrl"] = "http://127.0.0.1:9/custom/feedback",
            ["ContextCompany:MaxQueueSize"] = "123",
            ["ContextCompany:MaxConcurrentRequests"] = "2",
            ["ContextCompany:MaxDeliveryAttempts"] = "3",
            ["ContextCompany:RequestTimeout"] = "00:00:04",
            ["ContextCompany:MaxBatchDelay"] = "00:00:00.250",
            ["ContextCompany:ShutdownTimeout"] = "00:00:07",
            ["ContextCompany:CaptureMessageContent"] = "true",
            ["ContextCompany:Debug"] = "True",
            ["ContextCompany:LocalRunSummaries"] = "false",
            ["ContextCompany:LocalPath"] = "custom/runs.jsonl",
        });
        builder.Services.AddContextCompany();
        using IHost host = builder.Build();

        TccOptions options = host.Services.GetRequiredService<IOptions<TccOptions>>().Value;
        Assert.Equal("tcc_from_configuration", options.ApiKey);
        Assert.Equal(new Uri("http://127.0.0.1:9/"), options.BaseUrl);
        Assert.Equal(new Uri("http://127.0.0.1:9/custom/feedback"), options.FeedbackUrl);
        Assert.Equal(123, options.MaxQueueSize);
        Assert.Equal(2, options.MaxConcurrentRequests);
        Assert.Equal(3, options.MaxDeliveryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(4), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.MaxBatchDelay);
        Assert.Equal(TimeSpan.FromSeconds(7), options.ShutdownTimeout);
        Assert.True(options.CaptureMessageContent);
        Assert.True(options.Debug);
        Assert.False(options.LocalRunSummaries);
        Assert.Equal("custom/runs.jsonl", options.LocalPath);
        Assert.False(options.DiagnosticsToStandardError); // logged through ILogger instead

        await host.StartAsync();
        TccClient client = host.Services.GetRequiredService<TccClient>();
        Assert.Same(client, Tcc.Client);
        Assert.Equal(123, client.Statistics.QueueCapacity);
        await host.StopAsync();
    }

    [Fact]
    public void The_configure_delegate_overrides_the_configuration()
    {
        HostApplicationBuilder builder = Hosts.Builder(new Dictionary<string, string?> { ["ContextCompany:MaxQueueSize"] = "123" });
        builder.Services.AddContextCompany(options => options.MaxQueueSize = 456);
        using IHost host = builder.Build();
        Assert.Equal(456, host.Services.GetRequiredService<IOptions<TccOptions>>().Value.MaxQueueSize);
    }

    [Fact]
    public void Options_come_from_the_TCC_variables_and_from_ContextCompany_variables_of_the_configuration()
    {
        using EnvironmentVariables variables = new()
        {
            ["TCC_API_KEY"] = "tcc_from_environment",
            ["TCC_BASE_URL"] = "http://localhost:9",
            [TccOptions.CaptureMessageContentVariable] = "true",
            ["ContextCompany__MaxQueueSize"] = "77",
        };
        HostApplicationBuilder builder = Hosts.Builder(new Dictionary<string, string?>());
        builder.Configuration.AddEnvironmentVariables();
        builder.Services.AddContextCompany();
        using IHost host = builder.Build();

        TccOptions options = host.Services.GetRequiredService<IOptions<TccOptions>>().Value;
        Assert.Equal("tcc_from_environment", options.ApiKey);
        Assert.Equal(new Uri("http://localhost:9"), options.BaseUrl);
        Assert.True(options.CaptureMessageContent);
        Assert.Equal(77, options.MaxQueueSize);
    }

    [Fact]
    public void The_configuration_section_overrides_the_TCC_variables()
    {
        using EnvironmentVariables variables = new() { ["TCC_API_KEY"] = "tcc_from_environment" };
        HostApplicationBuilder builder = Hosts.Builder(new Dictionary<string, string?> { ["ContextCompany:ApiKey"] = "tcc_from_configuration" });
        builder.Services.AddContextCompany();
        using IHost host = builder.Build();
        Assert.Equal("tcc_from_configuration", host.Services.GetRequiredService<IOptions<TccOptions>>().Value.ApiKey);
    }

    [Theory]
    [InlineData("https://collector.example.com", typeof(InvalidOperationException), "[TCC] Refusing unsafe TCC base URL (https://collector.example.com)")]
    [InlineData("not a url", typeof(ArgumentException), "[TCC] Invalid TCC base URL 'not a url'")]
    [InlineData("ftp://127.0.0.1/", typeof(ArgumentException), "[TCC] Invalid TCC base URL 'ftp://127.0.0.1/'")]
    [InlineData("https://user:secret@collector.example.com", typeof(InvalidOperationException), "[TCC] Refusing unsafe TCC base URL (https://collector.example.com)")]
    [InlineData("ftp://user:secret@127.0.0.1/", typeof(ArgumentException), "[TCC] Invalid TCC base URL 'ftp://user:[REDACTED]@127.0.0.1/'")]
    [InlineData("https://user:secret@127.0.0.1:99999", typeof(ArgumentException), "[TCC] Invalid TCC base URL 'https://user:[REDACTED]@127.0.0.1:99999'")]
    public async Task An_invalid_base_URL_fails_at_start_up_with_the_runtime_message(string url, Type exceptionType, string message)
    {
        HostApplicationBuilder builder = Hosts.Builder(new Dictionary<string, string?>
        {
            ["ContextCompany:ApiKey"] = Hosts.ApiKey,
            ["ContextCompany:BaseUrl"] = url,
        });
        builder.Services.AddContextCompany();
        using IHost host = builder.Build();

        Exception error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());
        Assert.IsType(exceptionType, error);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);

        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);

        // The same text as the runtime's own check of the same value in TCC_BASE_URL (some of these
        // values are not even a System.Uri).
        Exception direct;
        using (EnvironmentVariables variables = new() { [TccOptions.BaseUrlVariable] = url })
        {
            direct = Assert.ThrowsAny<Exception>(() => new TccClient(new TccOptions { ApiKey = Hosts.ApiKey }));
        }

        Assert.Equal(direct.Message, error.Message);
    }

    [Fact]
    public async Task A_malformed_number_fails_at_start_up_naming_the_key()
    {
        HostApplicationBuilder builder = Hosts.Builder(new Dictionary<string, string?> { ["ContextCompany:MaxQueueSize"] = "lots" });
        builder.Services.AddContextCompany();
        using IHost host = builder.Build();

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Equal("[TCC] Configuration value 'ContextCompany:MaxQueueSize' is 'lots': expected a whole number.", error.Message);
    }

    [Fact]
    public async Task Stopping_the_host_delivers_every_ended_run_before_it_returns()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        Dictionary<string, string?> configuration = Hosts.ForServer(server);
        configuration["ContextCompany:MaxBatchDelay"] = "00:00:30"; // nothing would leave before the stop on its own
        configuration["ContextCompany:ShutdownTimeout"] = "00:00:20";
        HostApplicationBuilder builder = Hosts.Builder(configuration);
        builder.Services.AddContextCompany();
        IHost host = builder.Build();
        await host.StartAsync();

        HashSet<string> ended = [];
        for (int i = 0; i < 20; i++)
        {
            AgentRun run = Tcc.Run().Prompt("question " + i).Response("answer " + i);
            run.End();
            ended.Add(run.RunId);
        }

        Assert.Equal(0, server.RequestCount);
        await host.StopAsync();

        HashSet<string> arrived = server.RequestsTo("/v1/custom")
            .Select(r => r.Json.GetProperty("run_id").GetString()!)
            .ToHashSet();
        Assert.Equal(ended, arrived);
        TccDeliveryStatistics statistics = host.Services.GetRequiredService<TccClient>().Statistics;
        Assert.Equal(20, statistics.Sent);
        Assert.Equal(0, statistics.Queued);
        host.Dispose();
    }

    [Fact]
    public async Task The_SDK_diagnostics_are_logged_through_ILogger()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, _) => new Reply(400);
        LogCapture logs = new();
        HostApplicationBuilder builder = Hosts.Builder(Hosts.ForServer(server), logs);
        builder.Services.AddContextCompany();
        using IHost host = builder.Build();
        await host.StartAsync();

        Tcc.Run().Prompt("rejected").End();
        Assert.True(await Tcc.FlushAsync(TimeSpan.FromSeconds(10)));
        await host.StopAsync();

        LogEntry failure = Assert.Single(logs.Entries, e => e.Category == "ContextCompany" && e.EventId.Name == "DeliveryFailed");
        Assert.Equal(LogLevel.Error, failure.Level);
        Assert.StartsWith("run delivery failed: ", failure.Message, StringComparison.Ordinal);
        Assert.Contains("400", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_health_check_reports_the_queue_and_turns_degraded_when_runs_are_dropped()
    {
        await using IngestServer server = await IngestServer.StartAsync();
        server.Respond = (_, _) => new Reply(200, Stall: TimeSpan.FromSeconds(30)); // a service that never answers
        Dictionary<string, string?> configuration = Hosts.ForServer(server);
        configuration["ContextCompany:MaxQueueSize"] = "8";
        configuration["ContextCompany:MaxConcurrentRequests"] = "1";
        configuration["ContextCompany:ShutdownTimeout"] = "00:00:00.100";
        HostApplicationBuilder builder = Hosts.Builder(configuration);
        builder.Services.AddContextCompany();
        builder.Services.AddHealthChecks().AddContextCompany();
        using IHost host = builder.Build();
        await host.StartAsync();
        HealthCheckService health = host.Services.GetRequiredService<HealthCheckService>();

        HealthReportEntry first = (await health.CheckHealthAsync()).Entries["contextcompany"];
        Assert.Equal(HealthStatus.Healthy, first.Status);
        Assert.Equal(8, first.Data["queue_capacity"]);
        Assert.Equal(0L, first.Data["dropped"]);

        for (int i = 0; i < 40; i++)
        {
            Tcc.Run().Prompt("q" + i).End();
        }

        HealthReportEntry second = (await health.CheckHealthAsync()).Entries["contextcompany"];
        Assert.Equal(HealthStatus.Degraded, second.Status);
        long dropped = (long)second.Data["dropped"];
        Assert.True(dropped > 0, JsonSerializer.Serialize(second.Data));
        Assert.Contains($"{dropped} items dropped", second.Description, StringComparison.Ordinal);
        Assert.Equal(40L, (long)second.Data["enqueued"] + dropped);
        await host.StopAsync();
    }
}

/// <summary>Sets environment variables for one test and restores them.</summary>
internal sealed class EnvironmentVariables : Dictionary<string, string?>, IDisposable
{
    private readonly Dictionary<string, string?> _previous = [];

    public new string? this[string name]
    {
        get => base[name];
        set
        {
            _previous.TryAdd(name, Environment.GetEnvironmentVariable(name));
            Environment.SetEnvironmentVariable(name, value);
            base[name] = value;
        }
    }

    public void Dispose()
    {
        foreach ((string name, string? value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
