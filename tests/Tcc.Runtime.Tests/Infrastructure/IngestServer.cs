using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContextCompany.Tests.Infrastructure;

/// <summary>A request the server received, as the service would see it.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, DateTime ReceivedAtUtc)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The items the request carries: the one object, or each item of a <c>{"type":"batch"}</c> request.</summary>
    public IReadOnlyList<JsonElement> Items
    {
        get
        {
            JsonElement json = Json;
            return json.TryGetProperty("type", out JsonElement type) && type.GetString() == "batch"
                ? json.GetProperty("items").EnumerateArray().ToArray()
                : new[] { json };
        }
    }

    public string Header(string name) => Headers.TryGetValue(name, out string? value) ? value : string.Empty;
}

/// <summary>What the server answers to one request.</summary>
public sealed record Reply(int StatusCode, string? RetryAfter = null, TimeSpan? Stall = null)
{
    public static Reply Ok { get; } = new(200);
}

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 that records every request and answers with
/// <see cref="Respond"/> (200 by default). Tests point a client's base URL at <see cref="BaseUrl"/>.
/// </summary>
public sealed class IngestServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private WebApplication? _app;
    private int _count;

    private IngestServer()
    {
    }

    public Uri BaseUrl { get; private set; } = null!;

    public int Port => BaseUrl.Port;

    /// <summary>Chooses the answer for each request; the second argument is its 1-based number on this server.</summary>
    public Func<RecordedRequest, int, Reply> Respond { get; set; } = static (_, _) => Reply.Ok;

    /// <summary>When false, requests are answered but not recorded (for very large runs).</summary>
    public bool Record { get; set; } = true;

    public int RequestCount => Volatile.Read(ref _count);

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public static async Task<IngestServer> StartAsync(int port = 0)
    {
        IngestServer server = new();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        WebApplication app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        server._app = app;
        return server;
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on (yet).</summary>
    public static int FreePort()
    {
        using System.Net.Sockets.TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until at least <paramref name="count"/> requests have arrived; fails the test after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> WaitForRequestsAsync(int count, TimeSpan? timeout = null)
    {
        using CancellationTokenSource deadline = new(timeout ?? TimeSpan.FromSeconds(30));
        while (RequestCount < count)
        {
            try
            {
                await _arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} requests, got {RequestCount}.");
            }
        }

        return Requests;
    }

    /// <summary>
    /// Stops recording bodies (for tens of thousands of requests) and counts, per run id, how many
    /// ingestion requests carried it.
    /// </summary>
    public ConcurrentDictionary<string, int> CountRunIds()
    {
        ConcurrentDictionary<string, int> arrivals = new(StringComparer.Ordinal);
        Record = false;
        Respond = (request, _) =>
        {
            const string Member = "\"run_id\":\"";
            int start = request.Body.IndexOf(Member, StringComparison.Ordinal) + Member.Length;
            arrivals.AddOrUpdate(request.Body[start..request.Body.IndexOf('"', start)], 1, static (_, n) => n + 1);
            return Reply.Ok;
        };
        return arrivals;
    }

    public IReadOnlyList<RecordedRequest> RequestsTo(string path) => Requests.Where(r => r.Path == path).ToArray();

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        if (_app is not null)
        {
            using CancellationTokenSource quick = new(TimeSpan.FromSeconds(2));
            try
            {
                await _app.StopAsync(quick.Token);
            }
            catch (OperationCanceledException)
            {
            }

            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using StreamReader reader = new(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync();
        Dictionary<string, string> headers = context.Request.Headers.ToDictionary(
            h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        RecordedRequest request = new(context.Request.Method, context.Request.Path.Value ?? string.Empty, headers, body, DateTime.UtcNow);
        int number = Interlocked.Increment(ref _count);
        if (Record)
        {
            _requests.Enqueue(request);
        }

        _arrived.Release();
        Reply reply = Respond(request, number);
        if (reply.Stall is TimeSpan stall)
        {
            try
            {
                await Task.Delay(stall, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, context.RequestAborted).Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = reply.StatusCode;
        if (reply.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = reply.RetryAfter;
        }
    }
}
