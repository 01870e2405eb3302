using System;
using System.Net.Http;

namespace ContextCompany;

/// <summary>
/// Configuration of a <see cref="TccClient"/> (and of the default client behind <see cref="Tcc"/>, through
/// <see cref="Tcc.Configure(System.Action{TccOptions})"/>). A new instance starts from the environment variables
/// <c>TCC_API_KEY</c>, <c>TCC_BASE_URL</c>, <c>TCC_FEEDBACK_URL</c>, <c>TCC_ALLOW_UNSAFE_BASE_URL</c> and
/// <c>TCC_DEBUG</c>; every property can then be overridden in code.
/// </summary>
public sealed class TccOptions
{
    /// <summary>Environment variable of <see cref="ApiKey"/>.</summary>
    public const string ApiKeyVariable = TccRules.ApiKeyVariable;

    /// <summary>Environment variable of <see cref="BaseUrl"/>.</summary>
    public const string BaseUrlVariable = "TCC_BASE_URL";

    /// <summary>Environment variable of <see cref="FeedbackUrl"/>.</summary>
    public const string FeedbackUrlVariable = "TCC_FEEDBACK_URL";

    /// <summary>Environment variable of <see cref="AllowUnsafeBaseUrl"/> (<c>1</c> allows).</summary>
    public const string AllowUnsafeBaseUrlVariable = "TCC_ALLOW_UNSAFE_BASE_URL";

    /// <summary>Environment variable of <see cref="Debug"/> (<c>true</c> or <c>1</c>, any case).</summary>
    public const string DebugVariable = "TCC_DEBUG";

    /// <summary>
    /// Environment variable of <see cref="CaptureMessageContent"/>, shared with the OpenTelemetry
    /// instrumentations of generative AI clients (<c>true</c>, any case, turns it on).
    /// </summary>
    public const string CaptureMessageContentVariable = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

    /// <summary>Environment variable of <see cref="StorageDirectory"/>.</summary>
    public const string StorageDirectoryVariable = "TCC_STORAGE_DIR";

    /// <summary>Default of <see cref="MaxStorageSize"/>: 100 MB.</summary>
    public const long DefaultMaxStorageSize = 100L * 1024 * 1024;

    /// <summary>Default of <see cref="LocalPath"/>.</summary>
    public const string DefaultLocalPath = "./.tcc/runs.jsonl";

    /// <summary>Creates options from the <c>TCC_*</c> environment variables.</summary>
    public TccOptions()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    internal TccOptions(Func<string, string?> environment)
    {
        ApiKey = NullIfEmpty(environment(ApiKeyVariable));
        BaseUrlText = NullIfEmpty(environment(BaseUrlVariable));
        FeedbackUrlText = NullIfEmpty(environment(FeedbackUrlVariable));
        AllowUnsafeBaseUrl = environment(AllowUnsafeBaseUrlVariable)?.Trim() == "1";
        string? debug = environment(DebugVariable)?.Trim();
        Debug = string.Equals(debug, "1", StringComparison.Ordinal) || string.Equals(debug, "true", StringComparison.OrdinalIgnoreCase);
        CaptureMessageContent = string.Equals(environment(CaptureMessageContentVariable)?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        StorageDirectory = NullIfEmpty(environment(StorageDirectoryVariable));
    }

    /// <summary>
    /// The ingestion API key (<c>TCC_API_KEY</c>). Keys starting with <c>dev_</c> go to the development
    /// service. When null, nothing is sent over the network: runs are written to <see cref="LocalPath"/>.
    /// The key is never written to any log or file.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The service's base URL (<c>TCC_BASE_URL</c>); the SDK appends <c>/v1/...</c>. Null chooses by the
    /// key's prefix: <c>https://dev.thecontext.company</c> for <c>dev_</c> keys, else
    /// <c>https://api.thecontext.company</c>. Only those two and <c>localhost</c>, <c>127.0.0.1</c> or
    /// <c>[::1]</c> are allowed unless <see cref="AllowUnsafeBaseUrl"/> is set.
    /// </summary>
    public Uri? BaseUrl
    {
        get => BaseUrlText is null ? null : Uri.TryCreate(BaseUrlText, UriKind.Absolute, out Uri? uri) ? uri : null;
        set => BaseUrlText = value?.OriginalString;
    }

    /// <summary>The full URL feedback is posted to (<c>TCC_FEEDBACK_URL</c>); null means <c>{BaseUrl}/v1/feedback</c>. The same safety rule as <see cref="BaseUrl"/> applies.</summary>
    public Uri? FeedbackUrl
    {
        get => FeedbackUrlText is null ? null : Uri.TryCreate(FeedbackUrlText, UriKind.Absolute, out Uri? uri) ? uri : null;
        set => FeedbackUrlText = value?.OriginalString;
    }

    /// <summary>Lets a base or feedback URL that is neither official nor local through (<c>TCC_ALLOW_UNSAFE_BASE_URL=1</c>). The API key is sent to that host.</summary>
    public bool AllowUnsafeBaseUrl { get; set; }

    /// <summary>Writes the SDK's diagnostics to standard error as well as to its <c>EventSource</c> (<c>TCC_DEBUG</c>).</summary>
    public bool Debug { get; set; }

    /// <summary>
    /// Writes the diagnostics a user must see (configuration errors, the first delivery failure of each
    /// kind, dropped metadata) to standard error, and everything with <see cref="Debug"/>. Default true.
    /// Every diagnostic is also an event of the <c>ContextCompany</c> event source; a host that logs those
    /// events through its own logger (as the <c>ContextCompany.Extensions.Hosting</c> package does) turns
    /// this off.
    /// </summary>
    public bool DiagnosticsToStandardError { get; set; } = true;

    /// <summary>
    /// Puts prompts, system prompts, responses, tool arguments and results on the OpenTelemetry Activities
    /// of the <c>ContextCompany</c> source (as <c>gen_ai.input.messages</c>, <c>gen_ai.system_instructions</c>,
    /// <c>gen_ai.output.messages</c>, ...). Off by default, since they may hold personal data; the
    /// <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true</c> variable turns it on. What is sent to
    /// The Context Company does not depend on it.
    /// </summary>
    public bool CaptureMessageContent { get; set; }

    /// <summary>The JSON-lines file runs are appended to when there is no API key. Relative paths are resolved against the current directory.</summary>
    public string LocalPath { get; set; } = DefaultLocalPath;

    /// <summary>When there is no API key, print one summary line per run to standard error (default true).</summary>
    public bool LocalRunSummaries { get; set; } = true;

    /// <summary>Most items (runs, steps, tool calls) waiting for delivery; when full, new items are dropped and counted, never blocking the caller. Default 2048.</summary>
    public int MaxQueueSize { get; set; } = 2048;

    /// <summary>Timeout of one HTTP request. Default 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most requests in flight at once. Default 4.</summary>
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>
    /// Longest time an ended run waits before the background delivery picks it up when few runs are
    /// waiting (256 or more, or a quarter of <see cref="MaxQueueSize"/> when that is smaller, wake it at
    /// once; a flush or shutdown does too). Default 100 milliseconds.
    /// </summary>
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Most attempts to deliver one item, the first included, before it is counted as failed. Default 6.</summary>
    public int MaxDeliveryAttempts { get; set; } = 6;

    /// <summary>Delay before the first retry; each later one doubles it, with jitter, up to <see cref="MaxRetryDelay"/>. Default 1 second.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest backoff delay between two attempts. Default 30 seconds. A <c>Retry-After</c> answer is waited
    /// for as asked, unless it would pass <see cref="DeliveryDeadline"/>, which then ends the retries.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one item may be retried, from its first attempt, before it is counted as failed. Default 2 minutes.</summary>
    public TimeSpan DeliveryDeadline { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long disposing the client, or the process exiting, waits for queued items to be delivered. Default 5 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Opt-in offline storage (<c>TCC_STORAGE_DIR</c>): every ended item is written to a file in this
    /// directory by the background delivery (never on your thread) and removed once the service has
    /// accepted it (2xx) or finally refused it (a 4xx that is not retried). Items not delivered within
    /// <see cref="DeliveryDeadline"/> stay and are retried with backoff while the process lives, and a later
    /// process using the same directory sends what an earlier one left, even after it was killed. Delivery
    /// is then at least once. Null (default): delivery is in memory only. Ignored without an API key (the
    /// local file keeps everything already).
    /// </summary>
    public string? StorageDirectory { get; set; }

    /// <summary>Most bytes kept in <see cref="StorageDirectory"/>; past it new items are dropped and counted. Default 100 MB.</summary>
    public long MaxStorageSize { get; set; } = DefaultMaxStorageSize;

    /// <summary>
    /// How long a run may stay open: a run neither ended nor errored by then is ended as an error with the
    /// message <c>Run timed out</c> and delivered, with its open steps and tool calls (as the TypeScript
    /// SDK does). Default 20 minutes; null turns it off. At shutdown every open run is ended as an error
    /// (<c>Run not ended before shutdown</c>) whatever this is.
    /// </summary>
    public TimeSpan? RunTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>
    /// The HTTP handler requests go through (a proxy, a test server's handler). The client does not dispose
    /// it. Null uses a pooled handler of the client's own.
    /// </summary>
    public HttpMessageHandler? HttpMessageHandler { get; set; }

    // Kept as text so that a malformed value, from the environment or the hosting package's configuration
    // binder, is reported by ServiceEndpoints with what was given, credentials redacted.
    internal string? BaseUrlText { get; set; }

    internal string? FeedbackUrlText { get; set; }

    /// <summary>Delivers to this transport instead of the service or the local file (benchmarks measure the caller's cost with a sink that discards).</summary>
    internal Func<TccOptions, Diagnostics.TccDiagnostics, Export.Transport>? TransportOverride { get; set; }

    /// <summary>
    /// Flush on SIGTERM, then let the process end (a console program gets no process-exit event for it).
    /// The hosting package turns it off: the Generic Host handles SIGTERM and stops the client itself.
    /// </summary>
    internal bool HandleTerminationSignal { get; set; } = true;

    /// <summary>Where lines for standard error go instead (tests).</summary>
    internal Action<string>? StandardError { get; set; }

    /// <summary>The clock of retry delays, <c>Retry-After</c> dates and the delivery deadline (tests move a fake one).</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal TccOptions Clone() => (TccOptions)MemberwiseClone();

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
