using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ContextCompany.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Extensions.Hosting.Tests.Infrastructure;

/// <summary>
/// Hosts set the process's default client (<see cref="Tcc.Client"/>), and some tests set environment
/// variables: the tests of this project run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection
{
    public const string Name = "Hosts";
}

/// <summary>Generic hosts for the tests: no default sources, an in-memory configuration, captured logs.</summary>
public static class Hosts
{
    public const string ApiKey = "tcc_test_0123456789abcdef";

    public static HostApplicationBuilder Builder(IDictionary<string, string?> configuration, LogCapture? logs = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = "Test",
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(logs);
        }

        return builder;
    }

    /// <summary>Configuration that sends to <paramref name="server"/>, retrying fast.</summary>
    public static Dictionary<string, string?> ForServer(IngestServer server) => new()
    {
        ["ContextCompany:ApiKey"] = ApiKey,
        ["ContextCompany:BaseUrl"] = server.BaseUrl.ToString(),
        ["ContextCompany:InitialRetryDelay"] = "00:00:00.020",
        ["ContextCompany:MaxRetryDelay"] = "00:00:00.200",
    };
}

/// <summary>A logger provider that keeps every entry.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception)));
    }
}

public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message);
