using System.Globalization;
using System.Text.Json.Nodes;

namespace ContextCompany.Tool.Tests.Infrastructure;

/// <summary>Lines of a runs file in the SDK's wire format, written by the tests (absent members left out, as the SDK does).</summary>
public static class RunLines
{
    /// <summary>A fixed instant the tests count from, so tables and trees print the same times on every run.</summary>
    public static readonly DateTime T0 = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Run(
        string runId, DateTime start, double seconds = 1, int status = 1, string? agent = null, string? session = null,
        string? prompt = null, string? systemPrompt = null, string? response = null, string? statusMessage = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        JsonObject line = new()
        {
            ["type"] = "run",
            ["run_id"] = runId,
            ["start_time"] = Time(start),
            ["end_time"] = Time(start.AddSeconds(seconds)),
            ["status_code"] = status,
        };
        Add(line, "session_id", session);
        Add(line, "status_message", statusMessage);
        if (prompt is not null)
        {
            JsonObject promptObject = new() { ["user_prompt"] = prompt };
            Add(promptObject, "system_prompt", systemPrompt);
            line["prompt"] = promptObject;
        }

        Add(line, "response", response);
        JsonObject meta = [];
        if (agent is not null)
        {
            meta["tcc.agent"] = agent;
        }

        foreach (KeyValuePair<string, string> pair in metadata ?? new Dictionary<string, string>())
        {
            meta[pair.Key] = pair.Value;
        }

        if (meta.Count > 0)
        {
            line["metadata"] = meta;
        }

        return line.ToJsonString();
    }

    public static string Step(
        string runId, string stepId, DateTime start, double seconds = 0.5, string? model = null, int? tokensIn = null,
        int? tokensOut = null, double? cost = null, string? prompt = null, string? response = null, string? finishReason = null,
        long? ttftMs = null, int status = 1, string? statusMessage = null, int? cachedTokens = null)
    {
        JsonObject line = new()
        {
            ["type"] = "step",
            ["run_id"] = runId,
            ["step_id"] = stepId,
            ["start_time"] = Time(start),
            ["end_time"] = Time(start.AddSeconds(seconds)),
            ["status_code"] = status,
        };
        Add(line, "status_message", statusMessage);
        Add(line, "prompt", prompt);
        Add(line, "response", response);
        Add(line, "model_used", model);
        Add(line, "finish_reason", finishReason);
        if (tokensIn is int input)
        {
            line["prompt_uncached_tokens"] = input;
        }

        if (cachedTokens is int cached)
        {
            line["prompt_cached_tokens"] = cached;
        }

        if (tokensOut is int output)
        {
            line["completion_tokens"] = output;
        }

        if (cost is double usd)
        {
            line["real_total_cost"] = usd;
        }

        if (ttftMs is long ttft)
        {
            line["ttft_ms"] = ttft;
        }

        return line.ToJsonString();
    }

    public static string ToolCall(
        string runId, string toolCallId, string toolName, DateTime start, double seconds = 0.1, string? args = null,
        string? result = null, int status = 1, string? statusMessage = null)
    {
        JsonObject line = new()
        {
            ["type"] = "tool_call",
            ["run_id"] = runId,
            ["tool_call_id"] = toolCallId,
            ["tool_name"] = toolName,
            ["start_time"] = Time(start),
            ["end_time"] = Time(start.AddSeconds(seconds)),
            ["status_code"] = status,
        };
        Add(line, "status_message", statusMessage);
        Add(line, "args", args);
        Add(line, "result", result);
        return line.ToJsonString();
    }

    public static string Feedback(string runId, string? score = null, string? text = null)
    {
        JsonObject line = new() { ["type"] = "feedback", ["runId"] = runId };
        Add(line, "score", score);
        Add(line, "text", text);
        return line.ToJsonString();
    }

    /// <summary>Writes <paramref name="lines"/> to the default runs file of <paramref name="folder"/> (<c>.tcc/runs.jsonl</c>); returns its path.</summary>
    public static string WriteDefault(TempDirectory folder, params string[] lines) => Write(Path.Combine(folder.Path, ".tcc", "runs.jsonl"), lines);

    public static string Write(string path, params string[] lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, string.Concat(lines.Select(static line => line + "\n")));
        return path;
    }

    private static void Add(JsonObject line, string name, string? value)
    {
        if (value is not null)
        {
            line[name] = value;
        }
    }
}
