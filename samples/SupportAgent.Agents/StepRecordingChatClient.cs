using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ContextCompany;
using Microsoft.Extensions.AI;

namespace SupportAgent.Agents;

/// <summary>
/// A stand-in for the ContextCompany chat client (<c>ChatClientBuilder.UseContextCompany()</c> of the
/// ContextCompany.Extensions.AI package), kept minimal: each model call is a step of
/// <see cref="AgentRun.Current"/>, and each tool the model asks for is a tool call of it, ended when its
/// result comes back in the next request. Outside a run it records nothing. Once that package is
/// available, the one line that adds this client in Program.cs becomes <c>.UseContextCompany()</c>.
/// </summary>
public sealed class StepRecordingChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient)
{
    // Tool calls requested by the model and not yet answered, by call id (ids are unique per model client).
    private readonly ConcurrentDictionary<string, ToolCall> _openToolCalls = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatMessage[] request = messages.ToArray();
        AgentStep? step = Begin(request, out AgentRun? run);
        try
        {
            ChatResponse response = await base.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
            End(run, step, request, options, response);
            return response;
        }
        catch (Exception ex) when (step is not null)
        {
            step.Error(ex.Message);
            throw;
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatMessage[] request = messages.ToArray();
        AgentStep? step = Begin(request, out AgentRun? run);
        List<ChatResponseUpdate> updates = [];
        bool ended = false;
        IAsyncEnumerator<ChatResponseUpdate>? stream = null;
        try
        {
            while (true)
            {
                try
                {
                    // Inside the try: a client may throw when the stream is requested, not only while it is read.
                    stream ??= base.GetStreamingResponseAsync(request, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                    if (!await stream.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (Exception ex) when (step is not null)
                {
                    ended = true;
                    step.Error(ex.Message);
                    throw;
                }

                updates.Add(stream.Current);
                yield return stream.Current;
            }

            ended = true;
            End(run, step, request, options, updates.ToChatResponse());
        }
        finally
        {
            if (!ended)
            {
                End(run, step, request, options, updates.ToChatResponse());
            }

            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Starts the step of one model call, and ends the tool calls whose results this request carries.</summary>
    private AgentStep? Begin(ChatMessage[] request, out AgentRun? run)
    {
        run = AgentRun.Current;
        if (run is not { IsEnded: false })
        {
            return null;
        }

        foreach (FunctionResultContent result in request.SelectMany(m => m.Contents).OfType<FunctionResultContent>())
        {
            if (_openToolCalls.TryRemove(result.CallId, out ToolCall? toolCall))
            {
                if (result.Exception is { } error)
                {
                    toolCall.Error(error.Message);
                }
                else
                {
                    toolCall.Result(JsonSerializer.Serialize(result.Result?.ToString())).End();
                }
            }
        }

        return run.Step();
    }

    private void End(AgentRun? run, AgentStep? step, ChatMessage[] request, ChatOptions? options, ChatResponse response)
    {
        if (run is null || step is null)
        {
            return;
        }

        FunctionCallContent[] calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToArray();
        foreach (FunctionCallContent call in calls)
        {
            _openToolCalls[call.CallId] = run.ToolCall(call.Name, call.CallId).Args(JsonSerializer.Serialize(call.Arguments));
        }

        long input = response.Usage?.InputTokenCount ?? 0, cached = response.Usage?.CachedInputTokenCount ?? 0;
        step.Prompt(JsonSerializer.Serialize(request.Select(m => new { role = m.Role.Value, content = m.Text })))
            .Response(calls.Length > 0 ? JsonSerializer.Serialize(calls.Select(c => new { name = c.Name, arguments = c.Arguments })) : response.Text)
            .Model(requested: options?.ModelId ?? this.GetService<ChatClientMetadata>()?.DefaultModelId, used: response.ModelId)
            .Tokens(promptUncached: (int)(input - cached), promptCached: (int)cached, completion: (int?)response.Usage?.OutputTokenCount);
        if (response.FinishReason is { } finish)
        {
            step.FinishReason(finish.Value);
        }

        step.End();
    }
}
