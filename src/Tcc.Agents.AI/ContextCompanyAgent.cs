using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Extensions.AI;
using ContextCompany.Internal;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;

namespace ContextCompany;

/// <summary>
/// An Agent Framework agent that records each of its runs as one ContextCompany run. Usually added with
/// <c>agent.AsBuilder().UseContextCompany().Build()</c>.
/// </summary>
/// <remarks>
/// <para>
/// Each <c>RunAsync</c> / <c>RunStreamingAsync</c> is one run: the prompt is the last user message of the
/// input, the system prompt the agent's instructions (else the input's system messages), the response the
/// agent's final text (for a stream, the text of its updates, also when the caller stops early),
/// <c>tcc.agent</c> the agent's name, the session id one per <see cref="AgentSession"/>
/// (<c>conversational</c> is then true). A failure or cancellation ends the run with status 2 and the
/// redacted message (<c>canceled</c> for a cancellation); the exception reaches the caller unchanged.
/// </para>
/// <para>
/// While the inner agent runs, its run is <see cref="AgentRun.Current"/>, so the steps and tool calls
/// recorded on the current run inside it (by a ContextCompany chat client, or by hand) are that run's
/// children. When the inner agent is a <see cref="ChatClientAgent"/> whose chat client has no
/// <see cref="ContextCompanyChatClient"/>, one is added for each run through
/// <see cref="ChatClientAgentRunOptions.ChatClientFactory"/> (after the caller's own factory, on a clone of the
/// caller's options), so the model calls and tool calls are recorded with no other set-up, and once. When a run is already current and open (the agent is called inside a <c>[TrackedAgent]</c>
/// method, or inside another recorded agent), that run is the user's call: nothing new is created, and the
/// agent's steps and tool calls attach to it.
/// </para>
/// </remarks>
public sealed class ContextCompanyAgent : DelegatingAIAgent
{
    private readonly string? _agentName;
    private readonly TccClient? _client;
    private readonly bool _captureContent;
    private readonly ContextCompanyChatClientOptions _stepOptions;
    private readonly Func<IChatClient, IChatClient> _recordSteps;

    /// <summary>Wraps <paramref name="innerAgent"/>.</summary>
    /// <param name="innerAgent">The agent whose runs are recorded.</param>
    /// <param name="options">The options, or null for the defaults. They are read now.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerAgent"/> is null.</exception>
    /// <exception cref="ArgumentException">The configured agent name is empty or a reserved dashboard route.</exception>
    public ContextCompanyAgent(AIAgent innerAgent, ContextCompanyAgentOptions? options = null)
        : base(innerAgent)
    {
        options ??= new ContextCompanyAgentOptions();
        CheckOptions(options, nameof(options));
        _agentName = options.AgentName;
        _client = options.Client;
        _captureContent = options.CaptureContent;

        // The agent's run (or the caller's) is always current when this client is used: it never starts a run.
        _stepOptions = new ContextCompanyChatClientOptions { StartRuns = false, CaptureMessageContent = _captureContent, Client = _client };
        _recordSteps = RecordSteps;
    }

    /// <inheritdoc/>
    protected override async Task<AgentResponse> RunCoreAsync(
        IEnumerable<ChatMessage> messages, AgentSession? session = null, AgentRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyCollection<ChatMessage> input = Materialize(messages);
        options = WithStepRecording(options);
        AgentRun? run = StartRun(input, session);
        if (run is null)
        {
            return await InnerAgent.RunAsync(input, session, options, cancellationToken).ConfigureAwait(false);
        }

        using (run.Activate())
        {
            AgentResponse response;
            try
            {
                response = await InnerAgent.RunAsync(input, session, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                TrackedRun.Fail(run, ex);
                throw;
            }

            TrackedRun.Complete(run, _captureContent ? ResponseText(response) : null);
            return response;
        }
    }

    /// <inheritdoc/>
    protected override async IAsyncEnumerable<AgentResponseUpdate> RunCoreStreamingAsync(
        IEnumerable<ChatMessage> messages, AgentSession? session = null, AgentRunOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IReadOnlyCollection<ChatMessage> input = Materialize(messages);
        options = WithStepRecording(options);
        AgentRun? run = StartRun(input, session);
        if (run is null)
        {
            await foreach (AgentResponseUpdate update in InnerAgent.RunStreamingAsync(input, session, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        // The run is made current around each step of the inner stream, not across the yields: an async
        // iterator's changes to the execution context do not reach its caller, and the caller's loop body
        // is not part of the agent's run.
        StringBuilder text = new();
        IAsyncEnumerator<AgentResponseUpdate>? updates = null;
        bool ended = false;
        try
        {
            while (true)
            {
                AgentResponseUpdate update;
                try
                {
                    using (run.Activate())
                    {
                        updates ??= InnerAgent.RunStreamingAsync(input, session, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                        if (!await updates.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }

                        update = updates.Current;
                    }
                }
                catch (Exception ex)
                {
                    ended = true;
                    // What was streamed before the failure, if anything, is the run's (partial) response.
                    TrackedRun.Fail(run, ex, _captureContent && text.Length > 0 ? text.ToString() : null);
                    throw;
                }

                text.Append(update.Text);
                yield return update;
            }

            ended = true;
            TrackedRun.Complete(run, _captureContent ? text.ToString() : null);
        }
        finally
        {
            if (!ended)
            {
                // Disposed before the end: the caller stopped reading, which is not a failure of the agent.
                TrackedRun.Complete(run, _captureContent ? text.ToString() : null);
            }

            if (updates is not null)
            {
                await updates.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Checks the options that are misuse at configuration time, the way the analyzers check <c>[TrackedAgent]</c>.</summary>
    internal static void CheckOptions(ContextCompanyAgentOptions options, string parameterName)
    {
        if (options.AgentName is { } name)
        {
            if (name.Trim().Length == 0)
            {
                throw new ArgumentException("[TCC] The agent name must not be empty; leave AgentName null to use the agent's own name.", parameterName);
            }

            if (TccRules.IsReservedAgentName(name))
            {
                throw new ArgumentException($"[TCC] '{name}' is a reserved dashboard route and cannot be an agent name; choose another AgentName.", parameterName);
            }
        }
    }

    /// <summary>
    /// The run options passed to the inner agent. When it is a <see cref="ChatClientAgent"/> whose chat client records
    /// nothing, and the options are the agent's own kind (or none), a clone of them whose chat client factory adds a
    /// <see cref="ContextCompanyChatClient"/> for this run; otherwise the options unchanged.
    /// </summary>
    /// <remarks>
    /// The factory receives the agent's configured pipeline, <see cref="FunctionInvokingChatClient"/> included, so the
    /// added client stands outside the function-invoking loop: it splits the loop into one step per model round and
    /// records each function invocation as a tool call (see the chat client's remarks for what a step then carries).
    /// A client the user wrapped already, or one the user's factory returns wrapped, is left as it is, so each step
    /// and tool call is recorded once.
    /// </remarks>
    private AgentRunOptions? WithStepRecording(AgentRunOptions? options)
    {
        if ((options is not null && options is not ChatClientAgentRunOptions)
            || InnerAgent.GetService<ChatClientAgent>() is not { } chatClientAgent
            || chatClientAgent.ChatClient.GetService<ContextCompanyChatClient>() is not null)
        {
            return options;
        }

        // A clone: the caller's options object may be shared between runs and must stay as it was.
        ChatClientAgentRunOptions perRun = options is null ? new ChatClientAgentRunOptions() : (ChatClientAgentRunOptions)options.Clone();
        Func<IChatClient, IChatClient>? userFactory = perRun.ChatClientFactory;
        perRun.ChatClientFactory = userFactory is null ? _recordSteps : client => RecordSteps(userFactory(client));
        return perRun;
    }

    private IChatClient RecordSteps(IChatClient client) =>
        client.GetService<ContextCompanyChatClient>() is not null ? client : new ContextCompanyChatClient(client, _stepOptions);

    /// <summary>
    /// The run of this call, made current by the caller; null when an open run is already current (it is
    /// this call's run) or when the run could not be started (recording must never fail the agent).
    /// </summary>
    private AgentRun? StartRun(IReadOnlyCollection<ChatMessage> input, AgentSession? session)
    {
        if (AgentRun.Current is { IsEnded: false })
        {
            return null;
        }

        try
        {
            AgentRun run = session is null
                ? (_client ?? Tcc.Client).Run()
                : (_client ?? Tcc.Client).Run(sessionId: AgentSessionIds.Of(session), conversational: true);
            if ((_agentName ?? Name) is { } agent && agent.Trim().Length > 0)
            {
                // A reserved name from the agent itself is dropped (and reported once) when the run is
                // exported, as for any run: the run is still recorded.
                run.Metadata(TccMetadataKeys.Agent, agent);
            }

            if (_captureContent)
            {
                run.Prompt(LastUserText(input), SystemPrompt(input));
            }
            else
            {
                run.Prompt(string.Empty);
            }

            return run;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static IReadOnlyCollection<ChatMessage> Materialize(IEnumerable<ChatMessage> messages) =>
        messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();

    private static string LastUserText(IReadOnlyCollection<ChatMessage> input)
    {
        ChatMessage? last = null;
        foreach (ChatMessage message in input)
        {
            if (message.Role == ChatRole.User)
            {
                last = message;
            }
        }

        return last?.Text ?? string.Empty;
    }

    /// <summary>The agent's instructions when it has them (a <see cref="ChatClientAgent"/>), else the input's system messages.</summary>
    private string? SystemPrompt(IReadOnlyCollection<ChatMessage> input)
    {
        if (InnerAgent.GetService<ChatClientAgent>()?.Instructions is { Length: > 0 } instructions)
        {
            return instructions;
        }

        string[] system = input.Where(m => m.Role == ChatRole.System).Select(m => m.Text).Where(t => t.Length > 0).ToArray();
        return system.Length == 0 ? null : string.Join("\n", system);
    }

    private static string ResponseText(AgentResponse response) => response.Text;
}
