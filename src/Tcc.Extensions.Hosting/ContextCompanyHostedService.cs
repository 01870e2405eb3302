using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContextCompany.Extensions.Hosting;

/// <summary>
/// Creates the default client when the host starts (so a configuration error stops the start-up with the
/// SDK's message), forwards its diagnostics to <see cref="ILogger"/>, and, after every other hosted
/// service has stopped (the web server has finished its requests), delivers what was ended within the
/// host's shutdown timeout.
/// </summary>
internal sealed partial class ContextCompanyHostedService : IHostedLifecycleService, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ILogger<ContextCompanyHostedService>? _logger;
    private TccLogForwarder? _forwarder;
    private TccClient? _client;

    public ContextCompanyHostedService(IServiceProvider services, ILoggerFactory? loggerFactory = null)
    {
        _services = services;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory?.CreateLogger<ContextCompanyHostedService>();
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (_loggerFactory is not null)
        {
            _forwarder = new TccLogForwarder(_loggerFactory);
        }

        // Resolving the client creates it from the options: an invalid URL or range throws here, at start-up.
        _client = (TccClient)_services.GetService(typeof(TccClient))!;
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_client is not { } client)
        {
            return;
        }

        TimeSpan limit = ((IOptions<TccOptions>)_services.GetService(typeof(IOptions<TccOptions>))!).Value.ShutdownTimeout;
        Task shutdown = client.ShutdownAsync(limit);
        Task cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
        if (await Task.WhenAny(shutdown, cancelled).ConfigureAwait(false) != shutdown)
        {
            // The host's shutdown timeout came first: whatever is still queued is counted as dropped.
            if (_logger is not null)
            {
                LogShutdownCut(_logger, client.Statistics.ToString());
            }

            return;
        }

        if (_logger is not null)
        {
            LogStopped(_logger, client.Statistics.ToString());
        }
    }

    public void Dispose() => _forwarder?.Dispose();

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "The host's shutdown timeout ended the delivery of ContextCompany runs: {Statistics}")]
    private static partial void LogShutdownCut(ILogger logger, string statistics);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "ContextCompany delivery stopped: {Statistics}")]
    private static partial void LogStopped(ILogger logger, string statistics);
}
