using System.Text.Json.Serialization;

namespace SupportAgent;

/// <summary>The agent's one tool: a fake weather service that knows a few cities and fails for the rest.</summary>
internal static class WeatherTool
{
    public const string Name = "get_weather";

    private static readonly Dictionary<string, WeatherReport> Reports = new(StringComparer.OrdinalIgnoreCase)
    {
        ["London"] = new(15, "cloudy"),
        ["Paris"] = new(18, "sunny"),
        ["Tokyo"] = new(22, "clear"),
    };

    public static IEnumerable<string> KnownCities => Reports.Keys;

    public static WeatherReport Lookup(string city) =>
        Reports.TryGetValue(city, out WeatherReport? report)
            ? report
            : throw new HttpRequestException($"weather service returned 404 for '{city}' (request id 7f3a, api_key=demo-key-123)");
}

internal sealed record WeatherQuery(string City);

internal sealed record WeatherReport(int TemperatureC, string Conditions);

[JsonSerializable(typeof(WeatherQuery))]
[JsonSerializable(typeof(WeatherReport))]
internal sealed partial class WeatherJson : JsonSerializerContext;
