using System.Text.Json;

namespace ContextCompany.Tool.Tests.Viewer;

/// <summary>Runs-file lines in the SDK's wire format, written as the SDK writes them (one JSON object a line, absent members left out).</summary>
internal static class SampleRuns
{
    /// <summary>The id of the realistic run: 3 steps, 2 tool calls (one failed), metadata and feedback.</summary>
    public const string RealisticRunId = "run-7c1e9a42";

    public const string SessionId = "sess-4821-b9";

    private static readonly DateTime Origin = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A time on whole milliseconds, as the SDK writes them.</summary>
    public static DateTime At(double minutes, double seconds) => Origin.AddMilliseconds(Math.Round((minutes * 60 + seconds) * 1000));

    public static string Time(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A run line; <paramref name="minutes"/> after the sample origin.</summary>
    public static string Run(string id, double minutes, double seconds = 2, string? agent = "support-agent", string? session = null, bool error = false, string? prompt = null, string? response = null, Dictionary<string, string>? metadata = null, string? statusMessage = null)
    {
        DateTime start = At(minutes, 0);
        Dictionary<string, string> meta = metadata ?? [];
        if (agent is not null)
        {
            meta["tcc.agent"] = agent;
        }

        return Line(new()
        {
            ["type"] = "run",
            ["run_id"] = id,
            ["session_id"] = session,
            ["start_time"] = Time(start),
            ["end_time"] = Time(At(minutes, seconds)),
            ["status_code"] = error ? 2 : 1,
            ["status_message"] = statusMessage,
            ["prompt"] = prompt is null ? null : new Dictionary<string, object?> { ["user_prompt"] = prompt, ["system_prompt"] = "You are the support agent of an online shop. Be brief and precise." },
            ["response"] = response,
            ["metadata"] = meta.Count == 0 ? null : meta,
        });
    }

    public static string Step(string runId, string stepId, double minutes, double startSeconds, double endSeconds, string model = "gpt-4o-mini", string? prompt = null, string? response = null, string finishReason = "stop", int input = 800, int cached = 0, int output = 60, double cost = 0.00042, long? ttft = null, bool error = false, string? statusMessage = null) =>
        Line(new()
        {
            ["type"] = "step",
            ["run_id"] = runId,
            ["step_id"] = stepId,
            ["start_time"] = Time(At(minutes, startSeconds)),
            ["end_time"] = Time(At(minutes, endSeconds)),
            ["status_code"] = error ? 2 : 1,
            ["status_message"] = statusMessage,
            ["prompt"] = prompt,
            ["response"] = response,
            ["model_requested"] = model,
            ["model_used"] = model + "-2024-07-18",
            ["finish_reason"] = finishReason,
            ["prompt_uncached_tokens"] = input - cached,
            ["prompt_cached_tokens"] = cached,
            ["completion_tokens"] = output,
            ["real_total_cost"] = cost,
            ["ttft_ms"] = ttft,
        });

    public static string ToolCall(string runId, string callId, string name, double minutes, double startSeconds, double endSeconds, string? args = null, string? result = null, bool error = false, string? statusMessage = null) =>
        Line(new()
        {
            ["type"] = "tool_call",
            ["run_id"] = runId,
            ["tool_call_id"] = callId,
            ["tool_name"] = name,
            ["start_time"] = Time(At(minutes, startSeconds)),
            ["end_time"] = Time(At(minutes, endSeconds)),
            ["status_code"] = error ? 2 : 1,
            ["status_message"] = statusMessage,
            ["args"] = args,
            ["result"] = result,
        });

    public static string Feedback(string runId, string score, string? text) =>
        Line(new() { ["type"] = "feedback", ["runId"] = runId, ["score"] = score, ["text"] = text });

    /// <summary>
    /// A support agent's run as an app records it: children end (and are written) before their run, feedback after.
    /// 3 steps, 2 tool calls (the second timed out), metadata and feedback; the second run of its session.
    /// </summary>
    public static IEnumerable<string> Realistic(double minutes = 10)
    {
        const string id = RealisticRunId;
        yield return Step(id, "step-1", minutes, 0.05, 1.35, finishReason: "tool_calls", input: 812, output: 41, cost: 0.000146, ttft: 388,
            prompt: """[{"role":"system","content":"You are the support agent of an online shop. Be brief and precise."},{"role":"user","content":"My order #4821 has not arrived. Where is it, and when will it be delivered?"}]""",
            response: """{"tool_calls":[{"name":"lookup_order","arguments":{"order_id":"4821"}}]}""");
        yield return ToolCall(id, "call-lookup-1", "lookup_order", minutes, 1.40, 1.92,
            args: """{"order_id":"4821"}""",
            result: """{"order_id":"4821","status":"shipped","carrier":"DHL","tracking_number":"JD014600003817","shipped_at":"2026-02-26"}""");
        yield return Step(id, "step-2", minutes, 1.97, 3.05, finishReason: "tool_calls", input: 948, cached: 768, output: 38, cost: 0.000089, ttft: 312,
            prompt: """[{"role":"tool","name":"lookup_order","content":"{\"status\":\"shipped\",\"carrier\":\"DHL\"}"}]""",
            response: """{"tool_calls":[{"name":"track_shipment","arguments":{"carrier":"DHL","tracking_number":"JD014600003817"}}]}""");
        yield return ToolCall(id, "call-track-2", "track_shipment", minutes, 3.10, 5.14,
            args: """{"carrier":"DHL","tracking_number":"JD014600003817"}""",
            error: true, statusMessage: "carrier API timed out after 2000 ms");
        yield return Step(id, "step-3", minutes, 5.20, 7.48, input: 1034, cached: 896, output: 96, cost: 0.000231, ttft: 402,
            prompt: """[{"role":"tool","name":"track_shipment","content":"error: carrier API timed out after 2000 ms"}]""",
            response: "Your order #4821 shipped on 26 February with DHL (tracking JD014600003817). The live tracking service is not answering right now; DHL parcels usually arrive within 3 to 5 working days, so it should reach you by 3 March.");
        yield return Run(id, minutes, seconds: 7.6, session: SessionId,
            prompt: "My order #4821 has not arrived. Where is it, and when will it be delivered?",
            response: "Your order #4821 shipped on 26 February with DHL (tracking JD014600003817). The live tracking service is not answering right now; DHL parcels usually arrive within 3 to 5 working days, so it should reach you by 3 March.",
            metadata: new() { ["environment"] = "staging", ["customer.tier"] = "gold", ["app.version"] = "1.4.2" });
        yield return Feedback(id, "thumbs_up", "Clear answer, thanks. The tracking link would have been nice.");
    }

    /// <summary>The realistic run, an earlier run of its session, and a failed run of another agent.</summary>
    public static IEnumerable<string> File()
    {
        yield return Step("run-01", "step-a", 2, 0.1, 0.9);
        yield return Run("run-01", 2, seconds: 1, session: SessionId, prompt: "Hi, I have a question about an order.", response: "Of course. What is the order number?");
        yield return Run("run-02", 5, seconds: 3, agent: "billing-agent", error: true, prompt: "Refund my last invoice", statusMessage: "invoice service returned 503");
        foreach (string line in Realistic())
        {
            yield return line;
        }
    }

    public static void Write(string path, IEnumerable<string> lines) =>
        System.IO.File.WriteAllText(path, string.Concat(lines.Select(static line => line + "\n")));

    public static void Append(string path, IEnumerable<string> lines) =>
        System.IO.File.AppendAllText(path, string.Concat(lines.Select(static line => line + "\n")));

    private static string Line(Dictionary<string, object?> members) =>
        JsonSerializer.Serialize(members.Where(static pair => pair.Value is not null).ToDictionary(static pair => pair.Key, static pair => pair.Value));
}
