using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ContextCompany.Extensions.AI.Tests.Infrastructure;

/// <summary>
/// A deterministic model: asked a question, it calls <c>get_weather</c> for London; given the tool's result, it
/// answers in text. Every round reports usage with cached tokens; streaming sends the answer in chunks and the
/// usage as a last update.
/// </summary>
public sealed class FakeWeatherModel : IChatClient
{
    public const string Model = "fake-weather-1";
    public const string ModelVersion = "fake-weather-1-2026-01";
    public const string Answer = "It is 15°C and cloudy in London.";

    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Thrown by every call when set.</summary>
    public Exception? Failure { get; set; }

    /// <summary>When set, a stream waits for it after its first chunk (for cancellation mid-stream).</summary>
    public TaskCompletionSource? HoldStreamAfterFirstChunk { get; set; }

    /// <summary>The call id the model gives a question (unique per question, like a provider's).</summary>
    public static string CallIdFor(string question) => "call_" + (uint)StringComparer.Ordinal.GetHashCode(question);

    public static UsageDetails ToolRoundUsage => new() { InputTokenCount = 120, CachedInputTokenCount = 20, OutputTokenCount = 15 };

    public static UsageDetails AnswerRoundUsage => new() { InputTokenCount = 180, CachedInputTokenCount = 100, OutputTokenCount = 12 };

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        if (Failure is not null)
        {
            throw Failure;
        }

        List<ChatMessage> list = messages.ToList();
        if (list[^1].Role == ChatRole.Tool)
        {
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, Answer))
            {
                ModelId = ModelVersion,
                FinishReason = ChatFinishReason.Stop,
                Usage = AnswerRoundUsage,
            };
        }

        // The weather tool under the name the caller offers it (Semantic Kernel prefixes its plugin's name).
        string question = list.Last(m => m.Role == ChatRole.User).Text;
        string tool = options?.Tools?.FirstOrDefault(t => t.Name.EndsWith("get_weather", StringComparison.Ordinal))?.Name ?? "get_weather";
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(CallIdFor(question), tool, new Dictionary<string, object?> { ["city"] = "London" })]))
        {
            ModelId = ModelVersion,
            FinishReason = ChatFinishReason.ToolCalls,
            Usage = ToolRoundUsage,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken);
        string messageId = Guid.NewGuid().ToString("N");
        bool first = true;
        foreach (ChatResponseUpdate update in Chunks(response, messageId))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return update;
            if (first && HoldStreamAfterFirstChunk is { } hold)
            {
                await hold.Task.WaitAsync(cancellationToken);
            }

            first = false;
            await Task.Yield();
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("fake", defaultModelId: Model)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    private static IEnumerable<ChatResponseUpdate> Chunks(ChatResponse response, string messageId)
    {
        ChatMessage message = response.Messages[0];
        string text = message.Text;
        if (text.Length > 0)
        {
            for (int i = 0; i < text.Length; i += 8)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, text.Substring(i, Math.Min(8, text.Length - i))) { MessageId = messageId, ModelId = response.ModelId };
            }
        }
        else
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, message.Contents) { MessageId = messageId, ModelId = response.ModelId };
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(response.Usage!)]) { MessageId = messageId, FinishReason = response.FinishReason };
    }
}

/// <summary>The two places the ContextCompany client can stand relative to the function-invoking loop.</summary>
public enum Order
{
    /// <summary><c>UseFunctionInvocation().UseContextCompany()</c>: the recommended order, each model round seen.</summary>
    InsideFunctionInvocation,

    /// <summary><c>UseContextCompany().UseFunctionInvocation()</c>: one call around the whole loop.</summary>
    OutsideFunctionInvocation,
}

public static class Pipelines
{
    public static AIFunction Weather(Func<string, string>? body = null) =>
        AIFunctionFactory.Create((string city) => body is null ? new WeatherReport(city, 15, "cloudy") : throw new InvalidOperationException(body(city)), "get_weather", "Current weather of a city");

    public static IChatClient Build(IChatClient model, Order order, TccClient tcc, Action<ContextCompanyChatClientOptions>? configure = null)
    {
        ChatClientBuilder builder = model.AsBuilder();
        void Options(ContextCompanyChatClientOptions o)
        {
            o.Client = tcc;
            configure?.Invoke(o);
        }

        // The builder's first call is the outermost client.
        return order == Order.InsideFunctionInvocation
            ? builder.UseFunctionInvocation().UseContextCompany(Options).Build()
            : builder.UseContextCompany(Options).UseFunctionInvocation().Build();
    }

    public static ChatOptions WeatherOptions(AIFunction? tool = null) => new() { Tools = [tool ?? Weather()], Instructions = "You are a weather agent." };
}

public sealed record WeatherReport(string City, int Temperature, string Sky);
