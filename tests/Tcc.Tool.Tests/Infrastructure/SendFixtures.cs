using System.Text.Json;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Tool.Tests.Infrastructure;

/// <summary>Runs files, environments and request checks for the <c>tcc send</c> tests.</summary>
internal static class SendFixtures
{
    /// <summary>Distinctive, so that finding it anywhere in output or files is a leak, not a coincidence.</summary>
    public const string ApiKey = "tcc_test_SECRET-7f3a9c41d2e8b6";

    public static Dictionary<string, string> Environment(IngestServer server, params (string Name, string Value)[] more)
    {
        Dictionary<string, string> environment = new(StringComparer.Ordinal)
        {
            [TccOptions.ApiKeyVariable] = ApiKey,
            [TccOptions.BaseUrlVariable] = server.BaseUrl.ToString(),
        };
        foreach ((string name, string value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }

    public static string Run(string runId, string prompt = "What is the weather?") =>
        $$"""{"type":"run","run_id":"{{runId}}","start_time":"2025-03-01T10:00:00.000Z","end_time":"2025-03-01T10:00:02.000Z","status_code":0,"prompt":{"user_prompt":"{{prompt}}"},"response":"Sunny."}""";

    public static string Step(string runId, string stepId) =>
        $$"""{"type":"step","run_id":"{{runId}}","step_id":"{{stepId}}","start_time":"2025-03-01T10:00:00.100Z","end_time":"2025-03-01T10:00:01.000Z","status_code":0,"prompt":"[]","response":"ok"}""";

    public static string ToolCall(string runId, string toolCallId) =>
        $$"""{"type":"tool_call","run_id":"{{runId}}","tool_call_id":"{{toolCallId}}","tool_name":"weather","start_time":"2025-03-01T10:00:01.000Z","end_time":"2025-03-01T10:00:01.500Z","status_code":0}""";

    public static string Feedback(string runId, string score) =>
        $$"""{"type":"feedback","runId":"{{runId}}","score":"{{score}}"}""";

    /// <summary>Writes the default runs file, <c>./.tcc/runs.jsonl</c> of the folder.</summary>
    public static string WriteFile(TempDirectory folder, params string[] lines)
    {
        Directory.CreateDirectory(folder.File(".tcc"));
        string path = Path.Combine(folder.Path, ".tcc", "runs.jsonl");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    /// <summary>Each item that reached <c>/v1/custom</c>, as <c>type id</c>.</summary>
    public static List<string> IngestedItems(IngestServer server) =>
        server.RequestsTo("/v1/custom").SelectMany(static request => request.Items).Select(Describe).ToList();

    /// <summary>How many ingestion requests carried an item with this id.</summary>
    public static int Arrivals(IngestServer server, string id) =>
        IngestedItems(server).Count(item => item.EndsWith(" " + id, StringComparison.Ordinal));

    public static string Describe(JsonElement item)
    {
        string type = item.GetProperty("type").GetString()!;
        string id = type switch
        {
            "step" => item.GetProperty("step_id").GetString()!,
            "tool_call" => item.GetProperty("tool_call_id").GetString()!,
            _ => item.GetProperty("run_id").GetString()!,
        };
        return type + " " + id;
    }

    /// <summary>Fails when the key appears in the command's output or in any file of the folder.</summary>
    public static void AssertKeyNotLeaked(ToolResult result, string folder)
    {
        Assert.DoesNotContain(ApiKey, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, result.Error, StringComparison.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(ApiKey, File.ReadAllText(file), StringComparison.Ordinal);
        }
    }
}
