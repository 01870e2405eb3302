using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using ContextCompany.Tool;

namespace ContextCompany.Benchmarks;

/// <summary>
/// <c>tcc runs</c> and <c>tcc show</c> over a runs file of 100,000 runs, each with two steps and one tool call (400,000
/// lines, about 290 MB: prompts, responses, message JSON, arguments and results of realistic length, children
/// written before their run as the SDK does). Each command is invoked in this process through the tool's entry
/// point, parsing included, with its output thrown away: the figure is reading, joining, sorting and formatting.
/// </summary>
[MemoryDiagnoser]
public class ToolBenchmarks
{
    private string _directory = null!;
    private string _path = null!;
    private string _showId = null!;
    private ToolContext _context = null!;

    /// <summary>Runs in the file; quick mode writes fewer, it only proves the benchmarks work.</summary>
    public static int RunCount => BenchmarkMode.Quick ? 5_000 : 100_000;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("tcc-tool-bench-").FullName;
        _path = Path.Combine(_directory, "runs.jsonl");
        _showId = WriteFile(_path, RunCount);
        _context = ToolContext.ForText(TextWriter.Null, TextWriter.Null, static _ => null, _directory);
        Console.WriteLine($"// {nameof(ToolBenchmarks)}: {RunCount:N0} runs, {new FileInfo(_path).Length / (1024.0 * 1024):N0} MB");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>The table: the 50 newest runs of the whole file.</summary>
    [Benchmark]
    public int Runs_table() => Invoke("runs", _path);

    /// <summary>Every run as JSON.</summary>
    [Benchmark]
    public int Runs_json() => Invoke("runs", _path, "--json");

    /// <summary>One run's tree, found by the 8 characters the table shows.</summary>
    [Benchmark]
    public int Show_by_prefix() => Invoke("show", _showId[..8], "--file", _path);

    private int Invoke(params string[] args)
    {
        int exitCode = TccCommandLine.InvokeAsync(args, _context, CancellationToken.None).GetAwaiter().GetResult();
        return exitCode == 0 ? exitCode : throw new InvalidOperationException($"tcc {string.Join(' ', args)} exited with {exitCode}");
    }

    /// <summary>Writes the file; returns the id of a run in the middle of it.</summary>
    private static string WriteFile(string path, int runs)
    {
        const string SystemPrompt = "You are a helpful travel assistant. Answer briefly, use the tools for live data, and never invent prices.";
        using StreamWriter writer = new(path, append: false, new UTF8Encoding(false), 1 << 16);
        DateTime start = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        string middle = string.Empty;
        Random random = new(42); // the same ids on every run of the benchmark
        byte[] idBytes = new byte[16];
        for (int i = 0; i < runs; i++)
        {
            random.NextBytes(idBytes);
            string id = new Guid(idBytes).ToString();
            middle = i == runs / 2 ? id : middle;
            DateTime t = start.AddSeconds(i * 7);
            string question = $"What is the weather in city {i % 500} tomorrow, and should I pack an umbrella for the {i % 3 + 2}-day trip?";
            string messages = $"[{{\"role\":\"system\",\"content\":\"{SystemPrompt}\"}},{{\"role\":\"user\",\"content\":\"{question}\"}}]";
            string answer = $"Tomorrow in city {i % 500} expect {10 + i % 15}°C with a {i % 100}% chance of rain, so pack a small umbrella to be safe.";
            string toolArgs = $"{{\"city\":\"city {i % 500}\",\"date\":\"{t:yyyy-MM-dd}\",\"units\":\"metric\"}}";
            string toolResult = $"{{\"temperature\":{10 + i % 15},\"precipitation_probability\":{i % 100},\"wind_kph\":{i % 40},\"summary\":\"partly cloudy\"}}";
            writer.Write(Step(id, "step-1-" + i, t.AddMilliseconds(40), t.AddMilliseconds(900), messages, "{\"tool_calls\":[{\"name\":\"get_weather\",\"arguments\":" + Quote(toolArgs) + "}]}", "tool_calls", 480, 64, 22, 0.00171, 310));
            writer.Write(ToolCall(id, "call-" + i, t.AddMilliseconds(910), t.AddMilliseconds(1150), toolArgs, toolResult));
            writer.Write(Step(id, "step-2-" + i, t.AddMilliseconds(1160), t.AddMilliseconds(2300), messages, answer, "stop", 620, 448, 41, 0.00133, 280));
            writer.Write(Run(id, $"session-{i / 5}", t, t.AddMilliseconds(2350), i % 25 == 0 ? 2 : 0, question, SystemPrompt, answer, $"agent-{i % 3}"));
        }

        return middle;
    }

    private static string Step(string runId, string stepId, DateTime begin, DateTime end, string prompt, string response, string finish, int uncached, int cached, int completion, double cost, int ttft) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{{\"type\":\"step\",\"run_id\":\"{runId}\",\"step_id\":\"{stepId}\",\"start_time\":\"{Time(begin)}\",\"end_time\":\"{Time(end)}\",\"status_code\":0,\"prompt\":{Quote(prompt)},\"response\":{Quote(response)},\"model_requested\":\"gpt-4o-mini\",\"model_used\":\"gpt-4o-mini-2024-07-18\",\"finish_reason\":\"{finish}\",\"prompt_uncached_tokens\":{uncached},\"prompt_cached_tokens\":{cached},\"completion_tokens\":{completion},\"real_total_cost\":{cost},\"ttft_ms\":{ttft}}}\n");

    private static string ToolCall(string runId, string id, DateTime begin, DateTime end, string args, string result) =>
        $"{{\"type\":\"tool_call\",\"run_id\":\"{runId}\",\"tool_call_id\":\"{id}\",\"tool_name\":\"get_weather\",\"start_time\":\"{Time(begin)}\",\"end_time\":\"{Time(end)}\",\"status_code\":0,\"args\":{Quote(args)},\"result\":{Quote(result)}}}\n";

    private static string Run(string runId, string session, DateTime begin, DateTime end, int status, string prompt, string systemPrompt, string response, string agent) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{{\"type\":\"run\",\"run_id\":\"{runId}\",\"session_id\":\"{session}\",\"conversational\":true,\"start_time\":\"{Time(begin)}\",\"end_time\":\"{Time(end)}\",\"status_code\":{status},{(status == 2 ? "\"status_message\":\"Upstream timeout\"," : string.Empty)}\"prompt\":{{\"user_prompt\":{Quote(prompt)},\"system_prompt\":{Quote(systemPrompt)}}},\"response\":{Quote(response)},\"metadata\":{{\"tcc.agent\":\"{agent}\",\"tcc.userId\":\"user-{runId[^4..]}\",\"plan\":\"pro\"}}}}\n");

    private static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
