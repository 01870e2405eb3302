using System;
using System.Collections.Generic;
using ContextCompany;
using ContextCompany.Extensions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ContextCompany SDK in a host's services.</summary>
public static class ContextCompanyServiceCollectionExtensions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string ConfigurationSectionName = "ContextCompany";

    /// <summary>
    /// Adds the ContextCompany SDK: <see cref="TccOptions"/> from the <c>TCC_*</c> environment variables,
    /// then the <c>ContextCompany</c> configuration section (for example <c>"ContextCompany": { "ApiKey":
    /// "...", "CaptureMessageContent": true }</c> in <c>appsettings.json</c>, or <c>ContextCompany__ApiKey</c>
    /// in the environment), then <paramref name="configure"/>. When the host starts, a client is created
    /// from them and becomes the default client (<see cref="Tcc.Client"/>, used by <c>Tcc.Run()</c> and by
    /// <c>[TrackedAgent]</c> methods); an invalid option stops the start-up with the SDK's message. The
    /// SDK's diagnostics are logged through <c>ILogger</c> (category <c>ContextCompany</c>) instead of
    /// standard error. When the application stops, after the web server has finished its requests, every
    /// ended run is delivered within the host's shutdown timeout.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Overrides options after the environment and the configuration, or null.</param>
    /// <returns>The same services, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IServiceCollection AddContextCompany(this IServiceCollection services, Action<TccOptions>? configure = null)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        OptionsBuilder<TccOptions> options = services.AddOptions<TccOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<TccOptions>, ConfigureFromConfiguration>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(static provider => Tcc.Configure(provider.GetRequiredService<IOptions<TccOptions>>().Value));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ContextCompanyHostedService>());
        return services;
    }

    /// <summary>
    /// Adds a health check of the SDK's delivery: Healthy while runs are delivered, Degraded when runs were
    /// dropped or failed since the previous check or the queue is nine-tenths full, with the counters
    /// (<c>queued</c>, <c>queue_capacity</c>, <c>sent</c>, <c>dropped</c>, <c>failed</c>, ...) as data.
    /// Call <see cref="AddContextCompany(IServiceCollection, Action{TccOptions})"/> too.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status reported when the check itself fails; null for the default.</param>
    /// <param name="tags">Tags to filter checks by, or null.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IHealthChecksBuilder AddContextCompany(
        this IHealthChecksBuilder builder,
        string name = "contextcompany",
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        builder.Services.TryAddSingleton<TccHealthCheck>();
        return builder.Add(new HealthCheckRegistration(name, static provider => provider.GetRequiredService<TccHealthCheck>(), failureStatus, tags));
    }

    private sealed class ConfigureFromConfiguration : IConfigureOptions<TccOptions>
    {
        private readonly IConfiguration? _configuration;

        public ConfigureFromConfiguration(IServiceProvider provider)
        {
            _configuration = provider.GetService<IConfiguration>();
        }

        public void Configure(TccOptions options)
        {
            // In a host, the SDK's diagnostics go to ILogger; the configuration may turn standard error back on.
            options.DiagnosticsToStandardError = false;

            // The host handles SIGTERM and stops the client from its hosted service, after the app's own work.
            options.HandleTerminationSignal = false;
            if (_configuration is not null)
            {
                TccConfigurationBinder.Bind(_configuration.GetSection(ConfigurationSectionName), options);
            }
        }
    }
}
