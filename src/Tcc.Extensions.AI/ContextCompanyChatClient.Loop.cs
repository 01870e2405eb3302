using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Extensions.AI.Recording;
using Microsoft.Extensions.AI;

namespace ContextCompany.Extensions.AI;

// Outside UseFunctionInvocation(): one call is the whole function-invoking loop. Tool calls come from wrapping
// the offered functions; a round ends when its first function is invoked and the next round begins when the
// round's functions have returned.
public sealed partial class ContextCompanyChatClient
{
    private async Task<ChatResponse> GetLoopResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        IList<ChatMessage> list = AsList(messages);
        if (BeginLoop(list, options, streaming: false) is not { } loop)
        {
            return await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        }

        ChatResponse response;
        using (loop.Activate())
        {
            try
            {
                response = await base.GetResponseAsync(list, loop.Options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                loop.Fail(exception);
                throw;
            }
        }

        loop.Complete(response, response, statusMessage: null);
        return response;
    }

    private async IAsyncEnumerable<ChatResponseUpdate> GetLoopStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IList<ChatMessage> list = AsList(messages);
        if (BeginLoop(list, options, streaming: true) is not { } loop)
        {
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        List<ChatResponseUpdate> all = new();
        bool failed = false;
        bool completed = false;
        IAsyncEnumerator<ChatResponseUpdate>? enumerator = null;
        try
        {
            while (true)
            {
                ChatResponseUpdate update;

                // The run is current only while the loop runs (the functions it invokes see it), never while the
                // caller holds the update: a scope cannot span a yield.
                using (loop.Activate())
                {
                    try
                    {
                        enumerator ??= base.GetStreamingResponseAsync(list, loop.Options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                        if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }

                        update = enumerator.Current;
                    }
                    catch (Exception exception)
                    {
                        failed = true;
                        loop.Fail(exception);
                        throw;
                    }
                }

                all.Add(update);
                loop.OnUpdate(update);
                yield return update;
            }

            completed = true;
        }
        finally
        {
            if (enumerator is not null)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }

            if (!failed)
            {
                ChatResponse whole = all.ToChatResponse();
                loop.Complete(whole, loop.RoundResponse(), completed ? null : StreamDisposedEarly);
            }
        }
    }

    private LoopCall? BeginLoop(IList<ChatMessage> messages, ChatOptions? options, bool streaming)
    {
        AgentRun? current = AgentRun.Current;
        AgentRun? run = current ?? (_recording.Options.StartRuns ? _recording.StartRun(Client, messages) : null);
        return run is null ? null : new LoopCall(this, run, ownsRun: current is null, messages, options, streaming);
    }

    /// <summary>One call through the function-invoking loop below this client.</summary>
    private sealed class LoopCall
    {
        private readonly ContextCompanyChatClient _owner;
        private readonly AgentRun _run;
        private readonly bool _ownsRun;
        private readonly IList<ChatMessage> _request;
        private readonly ChatOptions? _userOptions;
        private readonly bool _streaming;
        private readonly List<ChatResponseUpdate> _roundUpdates = new();
        private readonly Activity? _activity;
        private AgentStep? _step;
        private long _stepStarted;
        private TimeSpan? _timeToFirstToken;
        private int _invoking;

        public LoopCall(ContextCompanyChatClient owner, AgentRun run, bool ownsRun, IList<ChatMessage> request, ChatOptions? options, bool streaming)
        {
            _owner = owner;
            _run = run;
            _ownsRun = ownsRun;
            _request = request;
            _userOptions = options;
            _streaming = streaming;
            _activity = Activity.Current;
            Options = WrapFunctions(options);
            BeginStep();
        }

        /// <summary>The options passed down: the user's, with each function wrapped to record its invocations.</summary>
        public ChatOptions? Options { get; }

        public AgentRun Run => _run;

        public StepRecording Recording => _owner._recording;

        /// <summary>
        /// Makes the run this call started current, so the functions the loop invokes (and their tracked calls) see it,
        /// and the Activity that was current when the call began (the run's, when this call started it), so the spans
        /// of the loop below are its children on every pass of a stream too.
        /// </summary>
        public LoopScope Activate() => new(_ownsRun ? _run.Activate() : default, _activity);

        public void OnUpdate(ChatResponseUpdate update)
        {
            // The loop's own updates carry the function results between rounds; they belong to no model round.
            if (update.Role == ChatRole.Tool)
            {
                return;
            }

            lock (_roundUpdates)
            {
                if (_step is null)
                {
                    BeginStep();
                }

                if (_timeToFirstToken is null && HasContent(update))
                {
                    _timeToFirstToken = Elapsed(_stepStarted);
                }

                _roundUpdates.Add(update);
            }
        }

        /// <summary>The streamed updates of the round in progress, folded into one response.</summary>
        public ChatResponse RoundResponse()
        {
            lock (_roundUpdates)
            {
                return _roundUpdates.ToChatResponse();
            }
        }

        /// <summary>A function of the loop is about to run: the round that asked for it is over.</summary>
        public void OnInvoking(FunctionInvocationContext? context)
        {
            lock (_roundUpdates)
            {
                _invoking++;
                if (_step is null || context is null)
                {
                    return;
                }

                IList<ChatMessage> history = context.Messages;
                int round = TrailingAssistantMessages(history);
                ChatResponse response = _streaming
                    ? _roundUpdates.ToChatResponse()
                    : new ChatResponse(Slice(history, history.Count - round, round));
                EndStep(Slice(history, 0, history.Count - round), response, statusMessage: null);
            }
        }

        /// <summary>A function returned: when the round's last one has, the next model round begins (unless a function ended the loop).</summary>
        public void OnInvoked(FunctionInvocationContext? context)
        {
            lock (_roundUpdates)
            {
                if (--_invoking == 0 && _step is null && context is not { Terminate: true })
                {
                    BeginStep();
                }
            }
        }

        /// <summary>The loop returned: the last round ends with the final response.</summary>
        /// <param name="whole">Everything the loop returned (every round's messages).</param>
        /// <param name="lastRound">What the last round itself returned; without streaming, the loop's total usage.</param>
        /// <param name="statusMessage">Why the step ended early, if it did.</param>
        public void Complete(ChatResponse whole, ChatResponse lastRound, string? statusMessage)
        {
            lock (_roundUpdates)
            {
                if (_step is not null)
                {
                    List<ChatMessage> conversation = new(_request);
                    conversation.AddRange(whole.Messages);
                    int round = TrailingAssistantMessages(conversation);
                    ChatResponse response = _streaming
                        ? lastRound
                        : new ChatResponse(Slice(conversation, conversation.Count - round, round))
                        {
                            ModelId = lastRound.ModelId,
                            FinishReason = lastRound.FinishReason,
                            Usage = lastRound.Usage,
                        };
                    EndStep(Slice(conversation, 0, conversation.Count - round), response, statusMessage);
                }
            }

            if (_ownsRun)
            {
                _owner.CompleteRun(_run, whole.Text);
            }
        }

        public void Fail(Exception exception)
        {
            lock (_roundUpdates)
            {
                _step?.Error(StepRecording.ErrorMessage(exception));
                _step = null;
            }

            if (_ownsRun)
            {
                FailRun(_run, exception);
            }
        }

        private void BeginStep()
        {
            // The step's Activity starts as the current one, but the loop below makes every round: what it starts
            // (its own spans, the next rounds) belongs under the run, not under this round's step.
            Activity? current = Activity.Current;
            _step = _run.Step();
            Activity.Current = current;
            _stepStarted = Stopwatch.GetTimestamp();
            _timeToFirstToken = null;
            _roundUpdates.Clear();
        }

        private void EndStep(List<ChatMessage> prompt, ChatResponse response, string? statusMessage)
        {
            AgentStep step = _step!;
            _step = null;
            Recording.EndStep(step, prompt, _userOptions, _owner._defaultModel, response, _streaming ? _timeToFirstToken : null, statusMessage);
        }

        private ChatOptions? WrapFunctions(ChatOptions? options)
        {
            if (options?.Tools is not { Count: > 0 } tools)
            {
                return options;
            }

            ChatOptions wrapped = options.Clone();
            List<AITool> recorded = new(tools.Count);
            foreach (AITool tool in tools)
            {
                recorded.Add(tool is AIFunction function ? new RecordingFunction(function, this) : tool);
            }

            wrapped.Tools = recorded;
            return wrapped;
        }

        private static int TrailingAssistantMessages(IList<ChatMessage> messages)
        {
            int count = 0;
            for (int i = messages.Count - 1; i >= 0 && messages[i].Role == ChatRole.Assistant; i--)
            {
                count++;
            }

            return count;
        }

        private static List<ChatMessage> Slice(IList<ChatMessage> messages, int start, int count)
        {
            List<ChatMessage> slice = new(count);
            for (int i = start; i < start + count; i++)
            {
                slice.Add(messages[i]);
            }

            return slice;
        }
    }

    /// <summary>A loop call's run and Activity made current for a scope; disposing restores what was current before.</summary>
    private readonly struct LoopScope : IDisposable
    {
        private readonly AgentRunScope _run;
        private readonly Activity? _previous;

        public LoopScope(AgentRunScope run, Activity? activity)
        {
            _run = run;
            _previous = Activity.Current;
            Activity.Current = activity;
        }

        public void Dispose()
        {
            Activity.Current = _previous;
            _run.Dispose();
        }
    }

    /// <summary>An offered function, wrapped for one call: each invocation is a tool call of the call's run.</summary>
    private sealed class RecordingFunction : DelegatingAIFunction
    {
        private readonly LoopCall _loop;

        public RecordingFunction(AIFunction innerFunction, LoopCall loop)
            : base(innerFunction) => _loop = loop;

        protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            FunctionInvocationContext? context = FunctionInvokingChatClient.CurrentContext;
            _loop.OnInvoking(context);
            try
            {
                ToolCall call = StepRecording.StartToolCall(_loop.Run, Name, context?.CallContent.CallId);
                call.Args(_loop.Recording.Content(arguments, static a => ChatContentJson.Arguments(a)));
                object? result;
                try
                {
                    result = await base.InvokeCoreAsync(arguments, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    call.Error(StepRecording.ErrorMessage(exception));
                    throw;
                }

                call.Result(_loop.Recording.Content(result, static r => ChatContentJson.Value(r))).End();
                return result;
            }
            finally
            {
                _loop.OnInvoked(context);
            }
        }
    }
}
