using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using ContextCompany.Diagnostics;

namespace ContextCompany.Export;

/// <summary>Posts each payload to <c>{base}/v1/custom</c> with the Bearer key, and feedback to its own URL.</summary>
internal sealed class HttpTransport : Transport
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    private readonly HttpClient _http;
    private readonly Uri _ingestUrl;
    private readonly TimeSpan _requestTimeout;
    private readonly int _concurrency;
    private readonly TimeProvider _clock;

    public HttpTransport(TccOptions options, Uri ingestUrl)
    {
        _ingestUrl = ingestUrl;
        _requestTimeout = options.RequestTimeout;
        _concurrency = options.MaxConcurrentRequests;
        _clock = options.TimeProvider;
        _http = options.HttpMessageHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(CreateHandler(options.MaxConcurrentRequests), disposeHandler: true);

        // Timeouts are per request (below), so one slow request cannot eat another's budget.
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("contextcompany-dotnet", TccMetrics.Version));
    }

    public override int Concurrency => _concurrency;

    public override bool SendsBatches => true;

    public override Task<SendResult> SendAsync(IExportItem? item, ArraySegment<byte> payload, CancellationToken cancellationToken) =>
        PostAsync(_ingestUrl, payload, cancellationToken);

    /// <summary>One POST: 2xx delivered; network errors, timeouts, 408, 429 and 5xx worth a retry; any other answer final.</summary>
    public async Task<SendResult> PostAsync(Uri url, ArraySegment<byte> payload, CancellationToken cancellationToken)
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        using HttpRequestMessage request = new(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(payload.Array!, payload.Offset, payload.Count),
        };
        request.Content.Headers.ContentType = JsonContentType;
        try
        {
            using HttpResponseMessage response = await _http
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
                .ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return SendResult.Delivered;
            }

            string reason = $"HTTP {status} from {url.GetLeftPart(UriPartial.Path)}";
            return IsRetryable(response.StatusCode)
                ? SendResult.Retry(reason, RetryAfter(response))
                : SendResult.Fail(reason + (status is 401 or 403 ? " (check " + TccRules.ApiKeyVariable + ")" : string.Empty));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendResult.Retry($"no answer within {_requestTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex)
        {
            return SendResult.Retry("network error: " + ex.Message);
        }
    }

    public override void Dispose() => _http.Dispose();

    private static bool IsRetryable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout || (int)status == 429 || (int)status >= 500;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is TimeSpan delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is DateTimeOffset date)
        {
            TimeSpan wait = date - _clock.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static HttpMessageHandler CreateHandler(int maxConnections)
    {
#if NET
        return new SocketsHttpHandler
        {
            // DNS changes are picked up; idle connections do not pile up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = Math.Max(1, maxConnections),
            AutomaticDecompression = DecompressionMethods.None,
        };
#else
        HttpClientHandler handler = new();
        try
        {
            handler.MaxConnectionsPerServer = Math.Max(1, maxConnections);
        }
        catch (PlatformNotSupportedException)
        {
            // Some .NET Framework versions manage connections through ServicePointManager only.
        }

        return handler;
#endif
    }
}
