using System.Diagnostics;
using System.Text.Json;
using ContextCompany.Agents.AI.Tests.Infrastructure;
using ContextCompany.Tests.Shared;
using SupportAgent.Agents;
using Xunit;

namespace ContextCompany.Agents.AI.Tests;

/// <summary>The Agent Framework sample, run as a user runs it: offline, with no account.</summary>
public sealed class SampleTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tcc-agents-sample-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_sample_writes_its_agent_runs_with_their_steps_and_tool_calls_to_the_local_file()
    {
        Directory.CreateDirectory(_folder);
        ProcessStartInfo start = new(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // From the sample's own output folder, with its own dependencies, as `dotnet run` starts it (this
        // test project's folder resolves some framework assemblies through ASP.NET Core, which the sample lacks).
        string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        start.ArgumentList.Add(RepositoryPaths.Combine("samples", "SupportAgent.Agents", "bin", configuration, "net10.0", "SupportAgent.Agents.dll"));
        foreach (string name in new[] { "TCC_API_KEY", "TCC_BASE_URL", "TCC_FEEDBACK_URL", "TCC_ALLOW_UNSAFE_BASE_URL", "TCC_DEBUG" })
        {
            start.Environment.Remove(name);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        string output = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("agent> Here is what I found: order 1234 shipped on Monday and arrives Thursday.", output);
        Assert.Contains("Runs written to", output);
        Delivered written = Delivered.FromJsonLines(Path.Combine(_folder, ".tcc", "runs.jsonl"));
        JsonElement[] runs = written.Runs;
        Assert.Equal(["Hi, I need help with an order.", "Where is order 1234?", "Where is order 5678?"],
            runs.Select(r => r.GetProperty("prompt").GetProperty("user_prompt").GetString()!).Order().ToArray());
        Assert.All(runs, r => Assert.Equal("support-agent", r.GetProperty("metadata").GetProperty("tcc.agent").GetString()));
        Assert.All(runs, r => Assert.Equal(0, r.GetProperty("status_code").GetInt32()));
        Assert.Single(runs.Where(r => r.TryGetProperty("session_id", out _)).Select(r => r.GetProperty("session_id").GetString()).Distinct());
        JsonElement streamed = runs.Single(r => r.GetProperty("prompt").GetProperty("user_prompt").GetString() == "Where is order 5678?");
        Assert.Equal("Here is what I found: order 5678 is being packed and ships tomorrow.", streamed.GetProperty("response").GetString());
        Assert.Equal([1, 3, 3], runs.Select(r => written.ChildrenOf(r).Length).Order().ToArray());

        // Recorded by the agent wrapper alone (the sample does not wrap its chat client): every model call is a
        // step with the request as JSON and the scripted model's name; the streamed run's rounds carry their own
        // finish reasons and time to first token.
        Assert.Equal(5, written.Steps.Length);
        Assert.All(written.Steps, s => Assert.StartsWith("""[{"role":"system","parts":[""", s.GetProperty("prompt").GetString()));
        Assert.All(written.Steps, s => Assert.Equal(ScriptedChatClient.ModelId, s.GetProperty("model_requested").GetString()));
        JsonElement[] streamedSteps = written.ChildrenOf(streamed).Where(c => c.GetProperty("type").GetString() == "step").ToArray();
        Assert.Equal(["stop", "tool_calls"], streamedSteps.Select(s => s.GetProperty("finish_reason").GetString()!).Order().ToArray());
        Assert.All(streamedSteps, s => Assert.True(s.TryGetProperty("ttft_ms", out _)));
        Assert.Equal(2, written.ToolCalls.Length);
        Assert.All(written.ToolCalls, t => Assert.Equal("get_order_status", t.GetProperty("tool_name").GetString()));
        Assert.Equal(["""{"orderId":"1234"}""", """{"orderId":"5678"}"""], written.ToolCalls.Select(t => t.GetProperty("args").GetString()!).Order().ToArray());
        Assert.Contains(written.ToolCalls, t => t.GetProperty("result").GetString() == "\"order 5678 is being packed and ships tomorrow\"");
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
