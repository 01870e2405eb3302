using System.Text.Json;
using ContextCompany.Tests.Infrastructure;

namespace ContextCompany.Agents.AI.Tests.Infrastructure;

/// <summary>The items a server received, by kind; a batch request counts as its items.</summary>
public sealed class Delivered
{
    private Delivered(JsonElement[] items) => Items = items;

    public JsonElement[] Items { get; }

    public JsonElement[] Runs => OfType("run");

    public JsonElement[] Steps => OfType("step");

    public JsonElement[] ToolCalls => OfType("tool_call");

    public static Delivered From(IngestServer server) =>
        new(server.RequestsTo("/v1/custom").SelectMany(r => Flatten(r.Json)).ToArray());

    public static Delivered FromJsonLines(string path) =>
        new(File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToArray());

    public JsonElement[] OfType(string type) => Items.Where(i => i.GetProperty("type").GetString() == type).ToArray();

    public JsonElement[] ChildrenOf(JsonElement run) =>
        Items.Where(i => i.GetProperty("type").GetString() != "run" && i.GetProperty("run_id").GetString() == run.GetProperty("run_id").GetString()).ToArray();

    private static IEnumerable<JsonElement> Flatten(JsonElement item) =>
        item.GetProperty("type").GetString() == "batch" ? item.GetProperty("items").EnumerateArray() : [item];
}
