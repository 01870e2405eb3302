using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace ContextCompany.Agents.AI.Tests.Infrastructure;

/// <summary>A model call that fails, with a credential in its message (which the run must not carry).</summary>
public sealed class FailingChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    public static readonly InvalidOperationException Failure = new("model unavailable, api_key=abc123secret");

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw Failure;

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw Failure;
}

/// <summary>
/// Streams the first update of the inner stream, then waits for cancellation: the caller cancels after
/// it has seen that update, so the cancellation falls in the middle of the stream with no timing.
/// </summary>
public sealed class StallingChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            yield return update;
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
