using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.Extensions.AI;

namespace ContextCompany.Extensions.AI.Recording;

/// <summary>
/// The tool calls a model round requested, waiting for their results, for a client that stands inside
/// <c>UseFunctionInvocation()</c>: there each round is a separate call, and the results arrive as
/// <see cref="FunctionResultContent"/> in the next round's request. Matching them by call id ends the tool calls
/// and joins the rounds of one user call into one run. A round whose calls are never answered expires.
/// </summary>
internal sealed class PendingRounds
{
    private readonly ConcurrentDictionary<(object Scope, string CallId), PendingRound> _byCall = new();
    private readonly StepRecording _recording;

    public PendingRounds(StepRecording recording) => _recording = recording;

    /// <summary>
    /// Which calls share pending tool calls: the current run (compared by reference), else (a run this client
    /// started) the conversation's last user message, which every later round of the same loop repeats. It keeps
    /// equal model call ids of concurrent conversations apart, and costs a round nothing to compute.
    /// </summary>
    public static object Scope(AgentRun? current, string? lastUserText) =>
        (object?)current ?? lastUserText ?? NoUserMessage;

    private static readonly object NoUserMessage = new();

    /// <summary>Ends the pending tool calls that <paramref name="messages"/> answers; returns the round they belonged to, if any.</summary>
    public PendingRound? Answer(object scope, IEnumerable<ChatMessage> messages)
    {
        if (_byCall.IsEmpty)
        {
            return null; // the common case without tools: one check
        }

        PendingRound? answered = null;
        foreach (ChatMessage message in messages)
        {
            foreach (AIContent content in message.Contents)
            {
                if (content is FunctionResultContent result && _byCall.TryRemove((scope, result.CallId), out PendingRound? round))
                {
                    round.Answer(result, _recording);
                    answered ??= round;
                }
            }
        }

        // Calls of the round that this request does not answer end as errors; a round that expired meanwhile has
        // ended its run, so the request starts afresh.
        return answered is not null && answered.Close(this, "[TCC] The next model round did not carry this tool call's result")
            ? answered
            : null;
    }

    /// <summary>Starts the tool calls <paramref name="response"/> requests and keeps them until answered or expired; false when it requests none.</summary>
    public bool Add(object scope, AgentRun run, bool ownsRun, ChatResponse response)
    {
        PendingRound? round = null;
        foreach (ChatMessage message in response.Messages)
        {
            foreach (AIContent content in message.Contents)
            {
                if (content is FunctionCallContent call)
                {
                    round ??= new PendingRound(scope, run, ownsRun, _recording.Content(response.Text));
                    ToolCall toolCall = StepRecording.StartToolCall(run, call.Name, call.CallId);
                    toolCall.Args(_recording.Content(call.Arguments, static a => ChatContentJson.Arguments(a)));
                    round.Calls[call.CallId] = toolCall;
                }
            }
        }

        if (round is null)
        {
            return false;
        }

        foreach (string callId in round.Calls.Keys)
        {
            _byCall[(scope, callId)] = round;
        }

        round.StartExpiry(this, _recording.Options.TimeProvider, _recording.Options.UnansweredToolCallTimeout);
        return true;
    }

    internal void Forget(PendingRound round)
    {
        foreach (string callId in round.Calls.Keys)
        {
            ((ICollection<KeyValuePair<(object, string), PendingRound>>)_byCall).Remove(new((round.Scope, callId), round));
        }
    }
}

/// <summary>One model round's requested tool calls, and the run they belong to.</summary>
internal sealed class PendingRound
{
    private readonly string _lastResponse;
    private ITimer? _expiry;
    private int _closed;

    public PendingRound(object scope, AgentRun run, bool ownsRun, string lastResponse)
    {
        Scope = scope;
        Run = run;
        OwnsRun = ownsRun;
        _lastResponse = lastResponse;
    }

    /// <summary>The status message of the tool calls a round's expiry ends.</summary>
    public const string UnansweredMessage = "[TCC] No result arrived for this tool call";

    /// <summary>The status message of a run this client started, ended by its last round's expiry.</summary>
    public const string UnansweredRunMessage = "[TCC] No result arrived for the tool calls of the last model round";

    public object Scope { get; }

    public AgentRun Run { get; }

    public bool OwnsRun { get; }

    public Dictionary<string, ToolCall> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether the round's calls were answered (or expired): only one side may end its run.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public void Answer(FunctionResultContent result, StepRecording recording)
    {
        ToolCall? call;
        lock (Calls)
        {
            if (!Calls.TryGetValue(result.CallId, out call) || IsClosed)
            {
                return;
            }

            Calls.Remove(result.CallId);
        }

        if (result.Exception is { } exception)
        {
            call.Error(StepRecording.ErrorMessage(exception));
        }
        else
        {
            call.Result(recording.Content(result.Result, static r => ChatContentJson.Value(r))).End();
        }
    }

    public void StartExpiry(PendingRounds owner, TimeProvider clock, TimeSpan timeout) =>
        _expiry = clock.CreateTimer(
            static state =>
            {
                (PendingRound round, PendingRounds owner) = ((PendingRound, PendingRounds))state!;
                round.Expire(owner);
            },
            (this, owner),
            timeout,
            Timeout.InfiniteTimeSpan);

    /// <summary>Ends the calls left unanswered as errors. Returns false when the round was closed already.</summary>
    public bool Close(PendingRounds owner, string message)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return false;
        }

        _expiry?.Dispose();
        owner.Forget(this);
        ToolCall[] unanswered;
        lock (Calls)
        {
            unanswered = new ToolCall[Calls.Count];
            Calls.Values.CopyTo(unanswered, 0);
            Calls.Clear();
        }

        foreach (ToolCall call in unanswered)
        {
            call.Error(message);
        }

        return true;
    }

    private void Expire(PendingRounds owner)
    {
        // No next round came: the loop stopped (a terminated loop, a caller that never continued). The run this
        // client started ends as an error with what the model said last, so it does not stay open.
        if (Close(owner, UnansweredMessage) && OwnsRun && !Run.IsEnded)
        {
            try
            {
                Run.Response(_lastResponse).Error(UnansweredRunMessage);
            }
            catch (InvalidOperationException)
            {
                // Ended meanwhile by the user's own code: nothing is left to do.
            }
        }
    }
}
