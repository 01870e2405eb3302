using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Configuration;
using ContextCompany.Diagnostics;
using ContextCompany.Export;
using ContextCompany.Model;

namespace ContextCompany;

/// <summary>
/// An independent SDK client: its own options, delivery queue and HTTP connection. <see cref="Tcc"/> is a
/// facade over one default client; create your own when an application (or a test) needs several
/// configurations. Dispose it to deliver what was ended before and stop its background work.
/// </summary>
/// <remarks>
/// With an API key, ended runs, steps and tool calls are posted to the service in the background. Without
/// one, nothing is sent over the network: each payload is appended to <see cref="TccOptions.LocalPath"/>.
/// A network or service failure never throws into your code; it is counted in <see cref="Statistics"/>
/// and reported through the <c>ContextCompany</c> event source.
/// </remarks>
public sealed partial class TccClient : IAsyncDisposable, IDisposable
{
    private readonly TccOptions _options;
    private readonly TccDiagnostics _diagnostics;
    private readonly DeliveryPipeline? _pipeline;
    private readonly HttpTransport? _http;
    private readonly LocalFileTransport? _localFile;
    private readonly Uri? _feedbackUrl;
    private readonly bool _sendsBatches;
    private readonly ITimer? _runTimeoutTimer;
    private IDisposable? _terminationSignal;
    private int _disposed;
    private long _disabledDropped;

    /// <summary>Creates a client with <paramref name="options"/>, which it copies.</summary>
    /// <param name="options">The configuration; <c>new TccOptions()</c> starts from the <c>TCC_*</c> environment variables.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The base or feedback URL is not an absolute http(s) URL with a host, or a numeric option is out of range.</exception>
    /// <exception cref="InvalidOperationException">The base or feedback URL is neither official nor local and <see cref="TccOptions.AllowUnsafeBaseUrl"/> is not set.</exception>
    public TccClient(TccOptions options)
        : this(options, disabled: false)
    {
    }

    private TccClient(TccOptions options, bool disabled)
    {
        RecordGuard.ThrowIfNull(options, nameof(options));
        _options = options.Clone();
        _diagnostics = new TccDiagnostics(_options.Debug, _options.StandardError, _options.DiagnosticsToStandardError);
        if (disabled)
        {
            // Configuration read implicitly from the environment: the program keeps working, sends nothing.
            return;
        }

        CheckRanges(_options);
        if (_options.TransportOverride is { } transport)
        {
            _pipeline = new DeliveryPipeline(transport(_options, _diagnostics), _options, _diagnostics);
        }
        else if (_options.ApiKey is null)
        {
            _localFile = new LocalFileTransport(_options, _diagnostics);
            _pipeline = new DeliveryPipeline(_localFile, _options, _diagnostics);
            _feedbackUrl = null;
        }
        else
        {
            ServiceEndpoints endpoints = ServiceEndpoints.Resolve(_options);
            _http = new HttpTransport(_options, endpoints.IngestUrl);
            _pipeline = new DeliveryPipeline(_http, _options, _diagnostics);
            _feedbackUrl = endpoints.FeedbackUrl;
        }

        _sendsBatches = _pipeline.SendsBatches;
        OpenRuns = new OpenRuns();
        if (_options.RunTimeout is TimeSpan runTimeout && runTimeout != Timeout.InfiniteTimeSpan)
        {
            // On the real clock, as run start times are (tests move the retry clock only). Checked a few times per timeout, at least once a minute: a forgotten run ends at most a
            // quarter of the timeout late, and the scan stops at the first young run of each list.
            TimeSpan period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, Math.Min(runTimeout.Ticks / 4, TimeSpan.FromMinutes(1).Ticks)));
            _runTimeoutTimer = TimeProvider.System.CreateTimer(static state => ((TccClient)state!).EndTimedOutRuns(), this, period, period);
        }

        // A console program that returns from Main right after End() still delivers its runs.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        if (_options.HandleTerminationSignal)
        {
            _terminationSignal = TerminationSignal.Register(() => OnProcessExit(null, EventArgs.Empty));
        }
    }

    /// <summary>Where runs go when there is no API key (the full path of <see cref="TccOptions.LocalPath"/>), else null.</summary>
    public string? LocalFilePath => _localFile?.FullPath;

    /// <summary>A snapshot of this client's delivery counters.</summary>
    public TccDeliveryStatistics Statistics => _pipeline?.Statistics ?? DisabledStatistics();

    internal TccDiagnostics Diagnostics => _diagnostics;

    /// <summary>The runs started and not yet ended; null when the client delivers nothing.</summary>
    internal OpenRuns? OpenRuns { get; }

    internal TimeSpan ShutdownTimeout => _options.ShutdownTimeout;

    /// <summary>Whether prompts and responses go on the OpenTelemetry Activities (<see cref="TccOptions.CaptureMessageContent"/>).</summary>
    internal bool CaptureMessageContent => _options.CaptureMessageContent;

    /// <summary>
    /// The client behind <see cref="Tcc"/> when it was not configured explicitly: options from the
    /// environment, and a configuration error reported once on standard error instead of thrown.
    /// </summary>
    internal static TccClient CreateFromEnvironment(Func<TccOptions>? createOptions = null)
    {
        TccOptions options = createOptions?.Invoke() ?? new TccOptions();
        try
        {
            return new TccClient(options);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            TccClient disabled = new(options, disabled: true);
            disabled._diagnostics.ConfigurationError(
                ex.Message + " Nothing will be sent or written until the configuration is fixed.");
            return disabled;
        }
    }

    /// <summary>Starts a run (Python <c>tcc.run(run_id, session_id, conversational)</c>).</summary>
    /// <param name="runId">A caller-chosen run id, else a new lowercase UUID v4.</param>
    /// <param name="sessionId">Groups runs into a session, for example a conversation.</param>
    /// <param name="conversational">True when the run was initiated by a user.</param>
    /// <returns>The new run; its start time is now (UTC).</returns>
    public AgentRun Run(string? runId = null, string? sessionId = null, bool? conversational = null) =>
        new(this, runId, sessionId, conversational);

    /// <summary>Starts a tracked call's run: agent name (<c>tcc.agent</c>, which names its Activity) and prompt known from the start.</summary>
    internal AgentRun Run(string? runId, string? sessionId, bool? conversational, string? agentName, string userPrompt, string? systemPrompt, string? fullInput) =>
        new(this, runId, sessionId, conversational, agentName, userPrompt, systemPrompt, fullInput);

    /// <summary>Starts a step of the run <paramref name="runId"/> (Python <c>tcc.step(run_id)</c>).</summary>
    /// <param name="runId">The id of the run the step belongs to.</param>
    /// <param name="stepId">A caller-chosen step id, else a new UUID.</param>
    /// <returns>The new step.</returns>
    public AgentStep Step(string runId, string? stepId = null) => new(this, runId, stepId);

    /// <summary>Starts a tool call of the run <paramref name="runId"/> (Python <c>tcc.tool_call(run_id)</c>).</summary>
    /// <param name="runId">The id of the run the tool call belongs to.</param>
    /// <param name="toolName">The tool's name, or null to set it later.</param>
    /// <param name="toolCallId">A caller-chosen id, else a new UUID.</param>
    /// <returns>The new tool call.</returns>
    public ToolCall ToolCall(string runId, string? toolName = null, string? toolCallId = null) => new(this, runId, toolName, toolCallId);

    /// <summary>
    /// Waits until everything ended before the call is delivered or has finally failed, or the timeout
    /// passes. Never throws.
    /// </summary>
    /// <param name="timeout">How long to wait; default 5 seconds.</param>
    /// <returns>True when everything was delivered or finally failed within the timeout.</returns>
    public Task<bool> FlushAsync(TimeSpan? timeout = null) => FlushAsync(timeout, CancellationToken.None);

    /// <summary>As <see cref="FlushAsync(TimeSpan?)"/>, and returns false as soon as <paramref name="cancellationToken"/> is canceled.</summary>
    /// <param name="timeout">How long to wait; default 5 seconds.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>True when everything was delivered or finally failed in time.</returns>
    public Task<bool> FlushAsync(TimeSpan? timeout, CancellationToken cancellationToken) =>
        _pipeline?.FlushAsync(timeout ?? TimeSpan.FromSeconds(5), cancellationToken) ?? Task.FromResult(true);

    /// <summary>
    /// Delivers what was ended before (waiting at most <paramref name="timeout"/>, default
    /// <see cref="TccOptions.ShutdownTimeout"/>), then stops background work. Later runs are dropped and
    /// counted. Never throws.
    /// </summary>
    /// <param name="timeout">How long to wait for delivery.</param>
    /// <returns>A task that completes when the client has stopped.</returns>
    public Task ShutdownAsync(TimeSpan? timeout = null) => ShutdownCoreAsync(timeout ?? _options.ShutdownTimeout);

    /// <inheritdoc cref="ShutdownAsync"/>
    public async ValueTask DisposeAsync() => await ShutdownAsync().ConfigureAwait(false);

    /// <summary>Delivers what was ended before (waiting at most <see cref="TccOptions.ShutdownTimeout"/>), then stops background work.</summary>
    public void Dispose() => ShutdownAsync().GetAwaiter().GetResult();

    /// <summary>
    /// Hands an ended record to the delivery, after completing its OpenTelemetry Activity, if any, with
    /// <paramref name="setTags"/>. The record is immutable by now.
    /// </summary>
    internal void Finish<TRecord>(TRecord record, Activity? activity, Action<Activity, TRecord> setTags, string what, AgentRun? parentRun)
        where TRecord : IRunChild
    {
        if (activity is not null)
        {
            TccActivities.Complete(activity, record, setTags, _diagnostics, what);
        }

        // A child created from a run waits for it when the run is still open (and has room), to travel in
        // its request. The local file keeps one item a line, so there nothing waits.
        if (parentRun is not null && parentRun.Family.TryHold(record, _sendsBatches))
        {
            return;
        }

        Export(record);
    }

    /// <summary>Hands an ended run to the delivery, with the children that ended before it (null: none).</summary>
    internal void Finish(AgentRun run, Activity? activity, Action<Activity, AgentRun> setTags, string what, IExportItem[]? children)
    {
        if (activity is not null)
        {
            TccActivities.Complete(activity, run, setTags, _diagnostics, what);
        }

        Export(children is null ? run : new RunBatch(run, children));
    }

    internal void Export(IExportItem item)
    {
        if (_pipeline is null)
        {
            // Disabled by a configuration error, reported when the client was created.
            Interlocked.Add(ref _disabledDropped, RunBatch.CountOf(item));
            return;
        }

        _pipeline.Enqueue(item);
    }

    private TccDeliveryStatistics DisabledStatistics() => new(0, 0, 0, Interlocked.Read(ref _disabledDropped), 0);

    private async Task<bool> ShutdownCoreAsync(TimeSpan timeout)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
            _runTimeoutTimer?.Dispose();
            Interlocked.Exchange(ref _terminationSignal, null)?.Dispose();

            // Delivered with the rest, within the same timeout, rather than lost with the process.
            EndOpenRuns(DateTime.MaxValue, "Run not ended before shutdown");
        }

        if (_pipeline is null)
        {
            return true;
        }

        try
        {
            return await _pipeline.ShutdownAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _diagnostics.Failed("client", "shutdown failed: " + ex.Message);
            return false;
        }
    }

    /// <summary>Ends, as errors with <paramref name="statusMessage"/>, the open runs that started before <paramref name="startedBefore"/>. Never throws.</summary>
    private void EndOpenRuns(DateTime startedBefore, string statusMessage)
    {
        if (OpenRuns is null)
        {
            return;
        }

        try
        {
            List<AgentRun> runs = OpenRuns.StartedBefore(startedBefore);
            foreach (AgentRun run in runs)
            {
                run.TryFail(response: null, statusMessage, errorType: null);
            }
        }
        catch (Exception ex)
        {
            _diagnostics.Failed("run", "open runs could not be ended: " + ex.Message);
        }
    }

    private void EndTimedOutRuns()
    {
        if (_options.RunTimeout is TimeSpan timeout && timeout != Timeout.InfiniteTimeSpan)
        {
            EndOpenRuns(DateTime.UtcNow - timeout, "Run timed out");
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            ShutdownCoreAsync(_options.ShutdownTimeout).GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // Nothing may escape a process-exit handler.
        }
    }

    private static void CheckRanges(TccOptions options)
    {
        Positive(options.MaxQueueSize, nameof(TccOptions.MaxQueueSize));
        Positive(options.MaxConcurrentRequests, nameof(TccOptions.MaxConcurrentRequests));
        Positive(options.MaxDeliveryAttempts, nameof(TccOptions.MaxDeliveryAttempts));
        PositiveTime(options.RequestTimeout, nameof(TccOptions.RequestTimeout));
        PositiveTime(options.DeliveryDeadline, nameof(TccOptions.DeliveryDeadline));
        NonNegativeTime(options.InitialRetryDelay, nameof(TccOptions.InitialRetryDelay));
        NonNegativeTime(options.MaxRetryDelay, nameof(TccOptions.MaxRetryDelay));
        NonNegativeTime(options.ShutdownTimeout, nameof(TccOptions.ShutdownTimeout));
        PositiveTime(options.MaxBatchDelay, nameof(TccOptions.MaxBatchDelay));
        if (options.MaxStorageSize <= 0)
        {
            throw new ArgumentException($"[TCC] TccOptions.MaxStorageSize must be greater than zero (got {options.MaxStorageSize})", nameof(TccOptions.MaxStorageSize));
        }
        if (options.RunTimeout is TimeSpan runTimeout)
        {
            PositiveTime(runTimeout, nameof(TccOptions.RunTimeout));
        }

        static void Positive(int value, string name)
        {
            if (value <= 0)
            {
                throw new ArgumentException($"[TCC] TccOptions.{name} must be greater than zero (got {value})", name);
            }
        }

        static void PositiveTime(TimeSpan value, string name)
        {
            if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentException($"[TCC] TccOptions.{name} must be positive (got {value})", name);
            }
        }

        static void NonNegativeTime(TimeSpan value, string name)
        {
            if (value < TimeSpan.Zero)
            {
                throw new ArgumentException($"[TCC] TccOptions.{name} must not be negative (got {value})", name);
            }
        }
    }
}
