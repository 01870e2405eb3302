using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;

namespace SupportAgent.Agents;

/// <summary>
/// A deterministic stand-in for a model, so the sample runs offline. Asked about an order ("order 1234")
/// with tools offered, it calls the first tool with <c>{"orderId":"1234"}</c>; given a tool's result, it
/// answers with it; otherwise it answers politely. Usage is counted from the text; streams are split at spaces.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    /// <summary>The model this client says it is.</summary>
    public const string ModelId = "scripted-support-model";

    private static readonly ChatClientMetadata Metadata = new("scripted", defaultModelId: ModelId);
    private int _calls;

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ChatMessage[] conversation = messages.ToArray();
        ChatMessage answer = Answer(conversation, options);
        ChatResponse response = new(answer)
        {
            ModelId = ModelId,
            FinishReason = answer.Contents.OfType<FunctionCallContent>().Any() ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
            Usage = Usage(conversation, answer),
        };
        return Task.FromResult(response);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        ChatResponseUpdate[] updates = response.ToChatResponseUpdates();
        foreach (ChatResponseUpdate update in updates)
        {
            // Text arrives word by word, as a model streams it; other contents (tool calls, usage) whole.
            foreach (AIContent content in update.Contents)
            {
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
                foreach (AIContent piece in content is TextContent text ? Words(text.Text) : [content])
                {
                    yield return new ChatResponseUpdate(update.Role, [piece])
                    {
                        ModelId = update.ModelId,
                        MessageId = update.MessageId,
                        ResponseId = update.ResponseId,
                        FinishReason = update.FinishReason,
                    };
                }
            }
        }
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private ChatMessage Answer(ChatMessage[] conversation, ChatOptions? options)
    {
        ChatMessage last = conversation[^1];
        if (last.Contents.OfType<FunctionResultContent>().FirstOrDefault() is { } result)
        {
            return new ChatMessage(ChatRole.Assistant, result.Exception is null
                ? $"Here is what I found: {result.Result}."
                : "Sorry, I could not look that order up right now.");
        }

        string question = last.Text;
        if (options?.Tools is { Count: > 0 } tools && OrderNumber(question) is { } orderId)
        {
            string callId = "call_" + Interlocked.Increment(ref _calls).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return new ChatMessage(ChatRole.Assistant, [new FunctionCallContent(callId, tools[0].Name, new Dictionary<string, object?> { ["orderId"] = orderId })]);
        }

        return new ChatMessage(ChatRole.Assistant, "Happy to help! Which order is it about?");
    }

    /// <summary>The word after "order", when it is a number.</summary>
    private static string? OrderNumber(string text)
    {
        string[] words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i + 1 < words.Length; i++)
        {
            string candidate = words[i + 1].TrimEnd('?', '.', '!', ',');
            if (words[i].Equals("order", StringComparison.OrdinalIgnoreCase) && candidate.Length > 0 && candidate.All(char.IsAsciiDigit))
            {
                return candidate;
            }
        }

        return null;
    }

    private static UsageDetails Usage(ChatMessage[] conversation, ChatMessage answer)
    {
        // About four characters a token; earlier turns count as cached, as a provider's prompt cache would.
        long input = Math.Max(1, conversation.Sum(m => m.Text.Length) / 4);
        long cached = Math.Max(0, conversation[..^1].Sum(m => m.Text.Length) / 4);
        return new UsageDetails
        {
            InputTokenCount = input,
            CachedInputTokenCount = Math.Min(cached, input),
            OutputTokenCount = Math.Max(1, answer.Text.Length / 4),
        };
    }

    private static IEnumerable<AIContent> Words(string text)
    {
        StringBuilder word = new();
        foreach (char c in text)
        {
            word.Append(c);
            if (c == ' ')
            {
                yield return new TextContent(word.ToString());
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            yield return new TextContent(word.ToString());
        }
    }
}
