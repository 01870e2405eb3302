using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ContextCompany.Extensions.Hosting.Tests.Infrastructure;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Extensions.Hosting.Tests;

/// <summary>
/// The web sample as a user runs it: a child process listening on 127.0.0.1, with TCC_API_KEY and
/// TCC_BASE_URL pointing at a test collector (Kestrel). Chat answers arrive there as runs with their step
/// and tool call; feedback posted to the sample's /feedback arrives at /v1/feedback.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class WebSampleTests
{
    [Fact]
    public async Task Chat_runs_and_feedback_reach_the_collector()
    {
        await using IngestServer collector = await IngestServer.StartAsync();
        int port = IngestServer.FreePort();
        string url = $"http://127.0.0.1:{port}";
        using WebSampleProcess sample = WebSampleProcess.Start(url, new()
        {
            ["TCC_API_KEY"] = Hosts.ApiKey,
            ["TCC_BASE_URL"] = collector.BaseUrl.ToString(),
        });
        using HttpClient http = new() { BaseAddress = new Uri(url) };
        await sample.WaitUntilHealthyAsync(http);

        JsonElement london = await PostAsync(http, "/chat", new { message = "What is the weather in London?", sessionId = "session-1", userId = "user-1" });
        JsonElement paris = await PostAsync(http, "/chat", new { message = "And in Paris?", sessionId = "session-1", userId = "user-1" });
        Assert.Equal("The weather in London is 15°C and cloudy.", london.GetProperty("answer").GetString());
        Assert.Equal("The weather in Paris is 18°C and sunny.", paris.GetProperty("answer").GetString());
        string londonRun = london.GetProperty("runId").GetString()!;
        string parisRun = paris.GetProperty("runId").GetString()!;

        JsonElement feedback = await PostAsync(http, "/feedback", new { runId = londonRun, score = "thumbs_up", text = "Spot on." });
        Assert.True(feedback.GetProperty("accepted").GetBoolean(), sample.Output);

        using HttpResponseMessage invalid = await http.PostAsJsonAsync("/feedback", new { runId = londonRun, score = "great" });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("Invalid feedback score 'great'", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Two runs, each with a model step and a weather tool call (one request per run: the run carries
        // the children that ended before it), and one feedback.
        await collector.WaitForRequestsAsync(3, TimeSpan.FromSeconds(30));
        Assert.Equal(2, collector.RequestsTo("/v1/custom").Count);
        JsonElement[] items = collector.RequestsTo("/v1/custom").SelectMany(r => r.Items).ToArray();
        JsonElement[] runs = items.Where(i => i.GetProperty("type").GetString() == "run").ToArray();
        Assert.Equal(new[] { londonRun, parisRun }.Order(StringComparer.Ordinal), runs.Select(r => r.GetProperty("run_id").GetString()!).Order(StringComparer.Ordinal));
        JsonElement londonItem = runs.Single(r => r.GetProperty("run_id").GetString() == londonRun);
        Assert.Equal("session-1", londonItem.GetProperty("session_id").GetString());
        Assert.Equal("What is the weather in London?", londonItem.GetProperty("prompt").GetProperty("user_prompt").GetString());
        Assert.Equal("support-agent", londonItem.GetProperty("metadata").GetProperty("tcc.agent").GetString());
        Assert.Equal("user-1", londonItem.GetProperty("metadata").GetProperty("tcc.userId").GetString());
        Assert.Equal(2, items.Count(i => i.GetProperty("type").GetString() == "step"));
        Assert.Equal(2, items.Count(i => i.GetProperty("type").GetString() == "tool_call"));

        RecordedRequest posted = Assert.Single(collector.RequestsTo("/v1/feedback"));
        Assert.Equal(londonRun, posted.Json.GetProperty("runId").GetString());
        Assert.Equal("thumbs_up", posted.Json.GetProperty("score").GetString());
        Assert.Equal("Spot on.", posted.Json.GetProperty("text").GetString());

        using HttpResponseMessage health = await http.GetAsync("/health");
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using HttpResponseMessage response = await http.PostAsJsonAsync(path, body);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>The web sample started from this project's output folder, stopped (killed) on dispose.</summary>
internal sealed class WebSampleProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private WebSampleProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static WebSampleProcess Start(string url, Dictionary<string, string> environment)
    {
        ProcessStartInfo start = new(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SupportAgent.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        foreach (string name in new[] { "TCC_API_KEY", "TCC_BASE_URL", "TCC_FEEDBACK_URL", "TCC_ALLOW_UNSAFE_BASE_URL", "TCC_DEBUG" })
        {
            start.Environment.Remove(name);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        WebSampleProcess sample = new(Process.Start(start)!);
        sample._process.OutputDataReceived += (_, e) => sample.Append(e.Data);
        sample._process.ErrorDataReceived += (_, e) => sample.Append(e.Data);
        sample._process.BeginOutputReadLine();
        sample._process.BeginErrorReadLine();
        return sample;
    }

    public async Task WaitUntilHealthyAsync(HttpClient http)
    {
        Stopwatch waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(_process.HasExited, "The web sample exited: " + Output);
            try
            {
                using HttpResponseMessage response = await http.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The web sample did not answer /health: " + Output);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
