using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace ContextCompany.Extensions.AI.Recording;

/// <summary>What one model round puts on its step, shared by both places the client can stand.</summary>
internal sealed class StepRecording
{
    private readonly ContextCompanyChatClientOptions _options;

    public StepRecording(ContextCompanyChatClientOptions options) => _options = options;

    public ContextCompanyChatClientOptions Options => _options;

    /// <summary>Captured text as it is recorded: transformed by the user's hook, or empty when content is not captured.</summary>
    public string Content(string text)
    {
        if (!_options.CaptureMessageContent)
        {
            return string.Empty;
        }

        if (_options.TransformContent is not { } transform)
        {
            return text;
        }

        try
        {
            return transform(text) ?? string.Empty;
        }
#pragma warning disable CA1031 // a faulty redaction hook must neither break the chat call nor leak the text it failed on
        catch (Exception)
#pragma warning restore CA1031
        {
            return string.Empty;
        }
    }

    /// <summary>
    /// <see cref="Content(string)"/> of a text that is written only when content is captured: with capture off
    /// the messages, responses, arguments and results are not serialized at all.
    /// </summary>
    public string Content<T>(T value, Func<T, string> write) =>
        _options.CaptureMessageContent ? Content(write(value)) : string.Empty;

    /// <summary>A run of its own for a chat call made with no run current: prompt = the last user message.</summary>
    public AgentRun StartRun(TccClient client, IEnumerable<ChatMessage> messages)
    {
        AgentRun run = client.Run().Prompt(Content(messages, static m => ChatContentJson.LastUserText(m) ?? string.Empty));
        if (_options.AgentName is { } agent)
        {
            run.Metadata(TccMetadataKeys.Agent, agent);
        }

        return run;
    }

    /// <summary>Fills <paramref name="step"/> from one round and ends it.</summary>
    public void EndStep(
        AgentStep step,
        IEnumerable<ChatMessage> prompt,
        ChatOptions? options,
        string? defaultModel,
        ChatResponse response,
        TimeSpan? timeToFirstToken,
        string? statusMessage = null)
    {
        step.Prompt(Content((prompt, options?.Instructions), static p => ChatContentJson.Messages(p.prompt, p.Instructions)))
            .Response(Content(response, static r => ChatContentJson.Response(r)))
            .Model(requested: options?.ModelId ?? defaultModel, used: response.ModelId);
        if (response.FinishReason is { } finishReason)
        {
            step.FinishReason(finishReason.Value);
        }

        if (response.Usage is { } usage)
        {
            int? cached = Count(usage.CachedInputTokenCount);
            int? input = Count(usage.InputTokenCount);
            step.Tokens(
                promptUncached: input is int all ? Math.Max(0, all - (cached ?? 0)) : null,
                promptCached: cached,
                completion: Count(usage.OutputTokenCount));
        }

        if (ChatContentJson.ToolDefinitions(options?.Tools) is { } definitions)
        {
            step.ToolDefinitions(definitions);
        }

        if (timeToFirstToken is { } ttft)
        {
            step.TimeToFirstToken(ttft);
        }

        if (statusMessage is not null)
        {
            step.Status(0, statusMessage);
        }

        step.End();
    }

    /// <summary>A tool call with the model's call id when the wire can carry it (a non-empty id; very long ones are replaced).</summary>
    public static ToolCall StartToolCall(AgentRun run, string name, string? modelCallId) =>
        run.ToolCall(name, modelCallId is { Length: > 0 and <= MaxCallIdLength } ? modelCallId : null);

    /// <summary>The message an error records: the exception's own (redacted by the runtime), or its type when it has none.</summary>
    public static string ErrorMessage(Exception exception) =>
        string.IsNullOrEmpty(exception.Message) ? exception.GetType().Name : exception.Message;

    private const int MaxCallIdLength = 256;

    private static int? Count(long? tokens) => tokens is long value ? (int)Math.Min(Math.Max(value, 0), int.MaxValue) : null;
}
