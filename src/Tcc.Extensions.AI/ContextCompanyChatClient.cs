using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Extensions.AI.Recording;
using Microsoft.Extensions.AI;

namespace ContextCompany.Extensions.AI;

/// <summary>
/// A delegating chat client that records every chat call as a step of the current run
/// (<see cref="AgentRun.Current"/>: a <c>[TrackedAgent]</c> call or a run made current with
/// <see cref="AgentRun.Activate"/>), and every function invocation of <see cref="FunctionInvokingChatClient"/> as a
/// tool call of that run. With no run current, one call of the pipeline is one run of its own
/// (<see cref="ContextCompanyChatClientOptions.StartRuns"/>). Add it with <c>ChatClientBuilder.UseContextCompany()</c>.
/// </summary>
/// <remarks>
/// <para>
/// It works on either side of <c>UseFunctionInvocation()</c>. Inside it (<c>UseFunctionInvocation().UseContextCompany()</c>,
/// recommended, and always so inside Agent Framework's <c>ChatClientAgent</c>) it sees each model round: one step per
/// round with that round's exact model, finish reason and tokens; tool calls are read from the round's
/// <see cref="FunctionCallContent"/> and ended when the next round's request carries their
/// <see cref="FunctionResultContent"/>. Outside it, it wraps the offered <see cref="AIFunction"/>s, so tool calls are
/// timed exactly, and splits the loop's rounds into steps; without streaming the loop returns only the sum of
/// the rounds' tokens, which the last step carries.
/// </para>
/// <para>
/// Recording never throws into the caller: the inner client's exceptions (cancellation included) end the step
/// with status 2 and are rethrown unchanged.
/// </para>
/// </remarks>
public sealed partial class ContextCompanyChatClient : DelegatingChatClient
{
    private const int LayoutUnknown = 0;
    private const int LayoutRounds = 1;     // no function-invoking client below: each call is one model round
    private const int LayoutLoopBelow = 2;  // a FunctionInvokingChatClient below: each call is a whole loop
    private const int LayoutPassThrough = 3; // another ContextCompanyChatClient below records everything

    private readonly StepRecording _recording;
    private readonly PendingRounds _pending;
    private int _layout;
    private string? _defaultModel;

    /// <summary>Creates the client over <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The client that answers, possibly a pipeline.</param>
    /// <param name="options">How to record; null uses the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerClient"/> is null.</exception>
    public ContextCompanyChatClient(IChatClient innerClient, ContextCompanyChatClientOptions? options = null)
        : base(innerClient ?? throw new ArgumentNullException(nameof(innerClient)))
    {
        _recording = new StepRecording(options ?? new ContextCompanyChatClientOptions());
        _pending = new PendingRounds(_recording);
    }

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        return Layout switch
        {
            LayoutLoopBelow => GetLoopResponseAsync(messages, options, cancellationToken),
            LayoutRounds => GetRoundResponseAsync(messages, options, cancellationToken),
            _ => base.GetResponseAsync(messages, options, cancellationToken),
        };
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        return Layout switch
        {
            LayoutLoopBelow => GetLoopStreamingResponseAsync(messages, options, cancellationToken),
            LayoutRounds => GetRoundStreamingResponseAsync(messages, options, cancellationToken),
            _ => base.GetStreamingResponseAsync(messages, options, cancellationToken),
        };
    }

    /// <summary>Where this client stands in its pipeline, found once: the pipeline does not change after it is built.</summary>
    private int Layout
    {
        get
        {
            int layout = Volatile.Read(ref _layout);
            if (layout == LayoutUnknown)
            {
                layout = InnerClient.GetService(typeof(ContextCompanyChatClient)) is not null ? LayoutPassThrough
                    : InnerClient.GetService(typeof(FunctionInvokingChatClient)) is not null ? LayoutLoopBelow
                    : LayoutRounds;
                _defaultModel = InnerClient.GetService(typeof(ChatClientMetadata)) is ChatClientMetadata metadata ? metadata.DefaultModelId : null;
                Volatile.Write(ref _layout, layout);
            }

            return layout;
        }
    }

    private TccClient Client => _recording.Options.Client ?? Tcc.Client;

    private static IList<ChatMessage> AsList(IEnumerable<ChatMessage> messages) => messages as IList<ChatMessage> ?? messages.ToList();

    private static TimeSpan Elapsed(long startTimestamp) =>
        TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - startTimestamp) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));

    private static bool HasContent(ChatResponseUpdate update) => update.Contents.Count > 0;

    /// <summary>Ends a run this client started as failed; a run the user ended meanwhile is left alone.</summary>
    private static void FailRun(AgentRun run, Exception exception)
    {
        if (!run.IsEnded)
        {
            try
            {
                run.Error(StepRecording.ErrorMessage(exception));
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private void CompleteRun(AgentRun run, string response)
    {
        if (!run.IsEnded)
        {
            try
            {
                run.Response(_recording.Content(response)).End();
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    // ---- Inside UseFunctionInvocation(): each call is one model round ----

    /// <summary>The run a round records on: the current one, the one whose tool calls it answers, or a new one.</summary>
    private (AgentRun Run, bool OwnsRun, object Scope)? BeginRound(IList<ChatMessage> messages)
    {
        AgentRun? current = AgentRun.Current;
        object scope = PendingRounds.Scope(current, current is null ? ChatContentJson.LastUserText(messages) : null);
        PendingRound? answered = _pending.Answer(scope, messages);
        if (current is not null)
        {
            return (current, false, scope);
        }

        if (answered is not null && !answered.Run.IsEnded)
        {
            return (answered.Run, answered.OwnsRun, scope);
        }

        return _recording.Options.StartRuns ? (_recording.StartRun(Client, messages), true, scope) : null;
    }

    private void EndRound((AgentRun Run, bool OwnsRun, object Scope) round, AgentStep step, IList<ChatMessage> messages, ChatOptions? options, ChatResponse response, TimeSpan? timeToFirstToken, string? statusMessage)
    {
        _recording.EndStep(step, messages, options, _defaultModel, response, timeToFirstToken, statusMessage);
        if (!_pending.Add(round.Scope, round.Run, round.OwnsRun, response) && round.OwnsRun)
        {
            CompleteRun(round.Run, response.Text);
        }
    }

    private static void FailRound((AgentRun Run, bool OwnsRun, object Scope) round, AgentStep step, Exception exception)
    {
        step.Error(StepRecording.ErrorMessage(exception));
        if (round.OwnsRun)
        {
            FailRun(round.Run, exception);
        }
    }

    private async Task<ChatResponse> GetRoundResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        IList<ChatMessage> list = AsList(messages);
        if (BeginRound(list) is not { } round)
        {
            return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        }

        AgentStep step = round.Run.Step();
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            FailRound(round, step, exception);
            throw;
        }

        EndRound(round, step, list, options, response, timeToFirstToken: null, statusMessage: null);
        return response;
    }

    private async IAsyncEnumerable<ChatResponseUpdate> GetRoundStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IList<ChatMessage> list = AsList(messages);
        if (BeginRound(list) is not { } round)
        {
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        AgentStep step = round.Run.Step();
        long started = Stopwatch.GetTimestamp();
        TimeSpan? timeToFirstToken = null;
        List<ChatResponseUpdate> updates = new();
        IAsyncEnumerator<ChatResponseUpdate> enumerator;
        try
        {
            enumerator = base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception exception)
        {
            FailRound(round, step, exception);
            throw;
        }

        // The step ends exactly once: when the stream completes, fails, or is disposed early by the caller.
        bool failed = false;
        bool completed = false;
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = enumerator.Current;
                }
                catch (Exception exception)
                {
                    failed = true;
                    FailRound(round, step, exception);
                    throw;
                }

                if (timeToFirstToken is null && HasContent(update))
                {
                    timeToFirstToken = Elapsed(started);
                }

                updates.Add(update);
                yield return update;
            }

            completed = true;
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            if (!failed)
            {
                EndRound(round, step, list, options, updates.ToChatResponse(), timeToFirstToken, completed ? null : StreamDisposedEarly);
            }
        }
    }

    private const string StreamDisposedEarly = "[TCC] The caller stopped reading the stream before it completed";
}
