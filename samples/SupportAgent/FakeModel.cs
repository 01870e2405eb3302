namespace SupportAgent;

/// <summary>
/// A deterministic stand-in for an LLM, so the sample runs anywhere: it decides whether to call the
/// weather tool and words the final answer, with made-up but stable token counts and cost.
/// </summary>
internal sealed class FakeModel
{
    public const string Name = "fake-gpt-mini";

    public ModelReply Plan(string question)
    {
        string? city = WeatherTool.KnownCities.FirstOrDefault(c => question.Contains(c, StringComparison.OrdinalIgnoreCase))
            ?? CityAfter(question, "in ") ?? CityAfter(question, "about ");
        return city is null
            ? new ModelReply("I can help with the weather: which city?", ToolCity: null, Tokens(question), "stop")
            : new ModelReply($"Calling get_weather for {city}", city, Tokens(question), "tool_calls");
    }

    public ModelReply Answer(string question, string city, WeatherReport report) =>
        new($"The weather in {city} is {report.TemperatureC}°C and {report.Conditions}.", ToolCity: null, Tokens(question) + 12, "stop");

    private static int Tokens(string text) => 20 + text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private static string? CityAfter(string question, string marker)
    {
        int at = question.LastIndexOf(marker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : question[(at + marker.Length)..].Trim(' ', '?', '.', '!');
    }
}

internal sealed record ModelReply(string Text, string? ToolCity, int PromptTokens, string FinishReason)
{
    public int CompletionTokens => 8 + (Text.Length / 8);

    public double Cost => (PromptTokens * 0.15 + CompletionTokens * 0.6) / 1_000_000;
}
