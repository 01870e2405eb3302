using System;
using ContextCompany;

// In the framework's namespace, beside its own AIAgentBuilder extensions (UseOpenTelemetry, UseLogging),
// so that agent.AsBuilder().UseContextCompany() needs no extra using directive.
namespace Microsoft.Agents.AI;

/// <summary>Adds ContextCompany run recording to a Microsoft Agent Framework agent pipeline.</summary>
public static class ContextCompanyAgentBuilderExtensions
{
    /// <summary>
    /// Records each <c>RunAsync</c> / <c>RunStreamingAsync</c> of the agent as one ContextCompany run
    /// (see <see cref="ContextCompanyAgent"/>): <c>agent.AsBuilder().UseContextCompany().Build()</c>.
    /// </summary>
    /// <param name="builder">The agent builder.</param>
    /// <param name="configure">Sets the options (agent name, client, content capture), or null for the defaults.</param>
    /// <returns>The builder, to chain further calls.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException">The configured agent name is empty or a reserved dashboard route .</exception>
    public static AIAgentBuilder UseContextCompany(this AIAgentBuilder builder, Action<ContextCompanyAgentOptions>? configure = null)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        // The options are read and checked here, so a bad agent name fails at this call rather than at Build().
        ContextCompanyAgentOptions options = new();
        configure?.Invoke(options);
        ContextCompanyAgent.CheckOptions(options, nameof(configure));
        return builder.Use(innerAgent => new ContextCompanyAgent(innerAgent, options));
    }
}
