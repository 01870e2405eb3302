using System.Text.Json;

namespace ContextCompany.Extensions.AI.Tests.Infrastructure;

/// <summary>What reached the service (or the local file), sorted by type.</summary>
public sealed class Recorded
{
    public Recorded(IEnumerable<JsonElement> items)
    {
        // A batch request (a run with the children that ended before it) counts as its items.
        List<JsonElement> all = items
            .SelectMany(i => i.GetProperty("type").GetString() == "batch" ? i.GetProperty("items").EnumerateArray().ToArray() : [i])
            .ToList();
        Runs = all.Where(i => i.GetProperty("type").GetString() == "run").ToList();
        Steps = all.Where(i => i.GetProperty("type").GetString() == "step").OrderBy(i => i.GetProperty("start_time").GetString()).ToList();
        ToolCalls = all.Where(i => i.GetProperty("type").GetString() == "tool_call").ToList();
    }

    public IReadOnlyList<JsonElement> Runs { get; }

    public IReadOnlyList<JsonElement> Steps { get; }

    public IReadOnlyList<JsonElement> ToolCalls { get; }

    public static string Text(JsonElement item, string name) => item.GetProperty(name).GetString()!;

    public static int Number(JsonElement item, string name) => item.GetProperty(name).GetInt32();

    public static bool Has(JsonElement item, string name) => item.TryGetProperty(name, out _);

    public static string[] Members(JsonElement item) => item.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
}
