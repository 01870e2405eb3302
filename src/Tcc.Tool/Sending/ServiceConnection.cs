using System;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Configuration;
using ContextCompany.Diagnostics;
using ContextCompany.Export;
using ContextCompany.Tool.Output;
using ContextCompany.Tool.Runs;
using Spectre.Console;

namespace ContextCompany.Tool.Sending;

/// <summary>
/// The SDK's own delivery, aimed at the service: options from the <c>TCC_*</c> variables (the key from
/// <c>--api-key</c> first), URLs resolved and checked by the SDK's rules, and one delivery pipeline for
/// <c>/v1/custom</c> and one for the feedback URL, each with the SDK's HTTP transport (Authorization and
/// User-Agent headers, request timeout) and retry policy.
/// </summary>
internal sealed class ServiceConnection : IAsyncDisposable
{
    private readonly TccDiagnostics _diagnostics;
    private readonly DeliveryPipeline _items;
    private readonly DeliveryPipeline _feedback;

    private ServiceConnection(TccOptions options, ServiceEndpoints endpoints, TccDiagnostics diagnostics)
    {
        BaseUrl = endpoints.BaseUrl;
        Concurrency = options.MaxConcurrentRequests;
        _diagnostics = diagnostics;
        _items = new DeliveryPipeline(new HttpTransport(options, endpoints.IngestUrl), options, diagnostics);
        _feedback = new DeliveryPipeline(new HttpTransport(options, endpoints.FeedbackUrl), options, diagnostics);
    }

    /// <summary>The base URL items go to (never holds the key).</summary>
    public string BaseUrl { get; }

    /// <summary>How many requests may be in flight at once (<see cref="TccOptions.MaxConcurrentRequests"/>).</summary>
    public int Concurrency { get; }

    /// <summary>
    /// The SDK's options for sending: the <c>TCC_*</c> variables of <paramref name="context"/>, with
    /// <paramref name="apiKey"/> when given, and the SDK's diagnostics on the tool's error console (only with
    /// <c>TCC_DEBUG</c>: the tool reports outcomes itself).
    /// </summary>
    /// <exception cref="ToolException">There is no key.</exception>
    public static TccOptions Options(ToolContext context, string? apiKey)
    {
        TccOptions options = new(context.Environment);
        if (!string.IsNullOrWhiteSpace(apiKey))
        {
            options.ApiKey = apiKey.Trim();
        }

        if (options.ApiKey is null)
        {
            throw new ToolException(
                $"no API key: pass --api-key KEY, or set {TccOptions.ApiKeyVariable} (your key is in The Context Company's dashboard).");
        }

        options.DiagnosticsToStandardError = options.Debug;
        options.StandardError = line =>
        {
            lock (context.Error)
            {
                context.Error.WriteLine(line, Style.Plain);
            }
        };
        options.HandleTerminationSignal = false; // the tool stops on its own cancellation
        options.StorageDirectory = null;
        return options;
    }

    /// <summary>Resolves the URLs of <paramref name="options"/> by the SDK's rules.</summary>
    /// <exception cref="ToolException">A URL is malformed, or unsafe and not allowed (the SDK's message).</exception>
    public static ServiceEndpoints Endpoints(TccOptions options)
    {
        try
        {
            return ServiceEndpoints.Resolve(options);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new ToolException(SdkMessage.Of(ex), ex);
        }
    }

    /// <summary>Connects with <paramref name="options"/> (from <see cref="Options"/>).</summary>
    /// <exception cref="ToolException">A URL is malformed, or unsafe and not allowed.</exception>
    public static ServiceConnection Create(TccOptions options)
    {
        ServiceEndpoints endpoints = Endpoints(options);
        TccDiagnostics diagnostics = new(options.Debug, options.StandardError, options.DiagnosticsToStandardError);
        return new ServiceConnection(options, endpoints, diagnostics);
    }

    /// <summary>
    /// Sends one item: runs, steps and tool calls as the file has them, to <c>/v1/custom</c>; feedback
    /// rewritten by the SDK's writer without its local <c>type</c> tag, to the feedback URL.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public Task<PayloadResult> SendAsync(SendItem item, CancellationToken cancellationToken)
    {
        string kind = SendItem.Name(item.Kind);
        if (item.Record is FeedbackRecord feedback)
        {
            ArraySegment<byte> body = new PayloadWriter(_diagnostics).WriteFeedback(feedback.RunId, feedback.Score, feedback.Text, tagged: false);
            return _feedback.SendPayloadAsync(body, kind, 1, cancellationToken);
        }

        return _items.SendPayloadAsync(new ArraySegment<byte>(item.Json), kind, 1, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        // Nothing is queued: shutting down only disposes the HTTP clients.
        await _items.ShutdownAsync(TimeSpan.Zero).ConfigureAwait(false);
        await _feedback.ShutdownAsync(TimeSpan.Zero).ConfigureAwait(false);
    }
}
