using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ContextCompany.Tool.Viewer;

/// <summary>
/// The web viewer of a runs file: Kestrel on the loopback interface only, every request checked for the token,
/// the page and its JSON API served from the tool itself. Started by <c>tcc view</c>, and in-process by the tests.
/// </summary>
internal sealed class ViewerServer : IAsyncDisposable
{
    /// <summary>How often the file is checked for new lines.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(300);

    /// <summary>Sent with every answer, the refusals too: scripts only from the tool's own files, no framing, no referrer (the URL holds the token).</summary>
    private static readonly KeyValuePair<string, string>[] SecurityHeaders =
    [
        new("Content-Security-Policy", "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
        new("X-Content-Type-Options", "nosniff"),
        new("X-Frame-Options", "DENY"),
        new("Referrer-Policy", "no-referrer"),
        new("Cache-Control", "no-store"),
    ];

    private readonly WebApplication _app;
    private readonly LiveRunCatalog _runs;
    private readonly CancellationTokenSource _stopping;

    private ViewerServer(WebApplication app, LiveRunCatalog runs, CancellationTokenSource stopping, ViewerToken token, IReadOnlyList<string> addresses)
    {
        _app = app;
        _runs = runs;
        _stopping = stopping;
        Token = token.Value;
        ListenAddresses = addresses;
        Port = new Uri(addresses[0]).Port;
        Url = new Uri($"http://127.0.0.1:{Port}/?{ViewerToken.QueryName}={Token}");
    }

    /// <summary>The address to open: the page, with the token.</summary>
    public Uri Url { get; }

    public int Port { get; }

    public string Token { get; }

    /// <summary>The addresses Kestrel listens on, as it reports them.</summary>
    public IReadOnlyList<string> ListenAddresses { get; }

    /// <summary>Reads <paramref name="path"/> and starts serving it on 127.0.0.1.</summary>
    /// <param name="path">The runs file.</param>
    /// <param name="port">The port; 0 for a free one.</param>
    /// <param name="pollInterval">How often the file is checked for new lines; <see cref="DefaultPollInterval"/> when null.</param>
    /// <param name="displayPath">The file as the page names it (as the user gave it); the full path when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ToolException">The port is taken.</exception>
    public static async Task<ViewerServer> StartAsync(string path, int port, TimeSpan? pollInterval = null, string? displayPath = null, CancellationToken cancellationToken = default)
    {
        ViewerToken token = ViewerToken.Create();
        StaticAssets assets = new(token.Value);
        LiveRunCatalog runs = new(path, pollInterval ?? DefaultPollInterval, displayPath);
        CancellationTokenSource stopping = new();

        // No defaults: no appsettings, no ASPNETCORE_ variables that could move the address, no console logging.
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, CommandHostLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });

        WebApplication app = builder.Build();
        int expectedPort = port;
        app.Use((context, next) => GuardAsync(context, next, token, () => expectedPort));
        app.UseRouting();
        ViewerApi.Map(app, runs, TimeProvider.System, stopping.Token);
        app.MapGet("/{**path}", context => ServeAssetAsync(context, assets)); // the API's routes are more specific: they win

        runs.Start();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            await runs.DisposeAsync().ConfigureAwait(false);
            stopping.Dispose();
            throw new ToolException($"cannot listen on 127.0.0.1:{port} ({exception.Message}). Pass another --port, or 0 for a free one.", exception);
        }

        List<string> addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        ViewerServer server = new(app, runs, stopping, token, addresses);
        expectedPort = server.Port;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false); // ends the long polls, so stopping does not wait for them
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _runs.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Sets the security headers, then refuses requests for another host name (DNS rebinding) and requests without the token.</summary>
    private static Task GuardAsync(HttpContext context, RequestDelegate next, ViewerToken token, Func<int> port)
    {
        foreach (KeyValuePair<string, string> header in SecurityHeaders)
        {
            context.Response.Headers[header.Key] = header.Value;
        }

        HostString host = context.Request.Host;
        if (host.Port != port() || !(host.Host == "127.0.0.1" || host.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)))
        {
            return ViewerApi.TextAsync(context, StatusCodes.Status400BadRequest, "this server only answers to 127.0.0.1.");
        }

        string? given = context.Request.Headers[ViewerToken.HeaderName].FirstOrDefault() ?? context.Request.Query[ViewerToken.QueryName].FirstOrDefault();
        if (!token.Matches(given))
        {
            return ViewerApi.TextAsync(context, StatusCodes.Status401Unauthorized, "open the URL that tcc view printed; it carries the access token.");
        }

        return next(context);
    }

    private static Task ServeAssetAsync(HttpContext context, StaticAssets assets)
    {
        if (assets.Find(context.Request.Path.Value ?? "/") is not { } asset)
        {
            return ViewerApi.TextAsync(context, StatusCodes.Status404NotFound, "no such page.");
        }

        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        return context.Response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    /// <summary>Leaves Ctrl+C to the command (it stops the server): the host must not take the console's signals.</summary>
    private sealed class CommandHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
