using System.Diagnostics;
using System.Net;
using ContextCompany.Extensions.Hosting.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Xunit;

namespace ContextCompany.Extensions.Hosting.Tests;

/// <summary>
/// A tracked agent called from an ASP.NET Core endpoint on 127.0.0.1, traced with the OpenTelemetry SDK
/// (ASP.NET Core instrumentation, the ContextCompany source, the in-memory exporter): the run's Activity
/// is a child of the request's span, in the same trace.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class RequestTracingTests
{
    [Fact]
    public async Task The_run_activity_is_a_child_of_the_request_span()
    {
        string folder = Path.Combine(Path.GetTempPath(), "tcc-hosting-" + Guid.NewGuid().ToString("N"));
        List<Activity> exported = [];
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddContextCompany(options =>
        {
            options.ApiKey = null;
            options.LocalPath = Path.Combine(folder, "runs.jsonl");
            options.LocalRunSummaries = false;
        });
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddAspNetCoreInstrumentation()
            .AddSource(Tcc.ActivitySourceName)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(exported));
        builder.Services.AddSingleton<GreetingAgent>();
        await using WebApplication app = builder.Build();
        app.MapGet("/greet/{name}", (string name, GreetingAgent agent) => agent.Greet(name));
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using HttpClient http = new();
        string reply = await http.GetStringAsync(address + "/greet/Ada");
        Assert.Equal("Hello, Ada!", reply);

        Activity request = await WaitForAsync(exported, a => a.Kind == ActivityKind.Server && a.DisplayName == "GET /greet/{name}");
        Activity run = await WaitForAsync(exported, a => a.DisplayName == "invoke_agent greeter");
        Assert.Equal(request.TraceId, run.TraceId);
        Assert.Equal(request.SpanId, run.ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore", request.Source.Name);
        Assert.Equal(ActivityKind.Internal, run.Kind);
        Assert.Equal("greeter", run.GetTagItem("gen_ai.agent.name"));

        await app.StopAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<Activity> WaitForAsync(List<Activity> exported, Func<Activity, bool> match)
    {
        // The request's span ends after the response is written, which can be just after the client has it.
        for (int attempt = 0; attempt < 100; attempt++)
        {
            lock (exported)
            {
                if (exported.FirstOrDefault(match) is { } found)
                {
                    return found;
                }
            }

            await Task.Delay(50);
        }

        lock (exported)
        {
            throw new TimeoutException("Not exported; exported: " + string.Join(", ", exported.Select(a => a.DisplayName)));
        }
    }
}

/// <summary>The tracked agent of the traced endpoint.</summary>
public sealed partial class GreetingAgent
{
    [TrackedAgent("greeter")]
    public partial string Greet(string name);

    private string GreetCore(string name) => $"Hello, {name}!";
}
