using System;
using ContextCompany.Extensions.AI;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="ContextCompanyChatClient"/> to a chat pipeline.</summary>
public static class ContextCompanyChatClientBuilderExtensions
{
    /// <summary>
    /// Records every chat call of the pipeline as a step of the current ContextCompany run, and every function
    /// invocation as a tool call. Recommended place: after <c>UseFunctionInvocation()</c>
    /// (<c>builder.UseFunctionInvocation().UseContextCompany()</c>), where each model round is seen with its own
    /// tokens; before it works too.
    /// </summary>
    /// <param name="builder">The pipeline's builder.</param>
    /// <param name="configure">Sets the options (run start, content capture, redaction, agent name, client); null keeps the defaults.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static ChatClientBuilder UseContextCompany(this ChatClientBuilder builder, Action<ContextCompanyChatClientOptions>? configure = null)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        ContextCompanyChatClientOptions options = new();
        configure?.Invoke(options);
        return builder.Use(innerClient => new ContextCompanyChatClient(innerClient, options));
    }
}
