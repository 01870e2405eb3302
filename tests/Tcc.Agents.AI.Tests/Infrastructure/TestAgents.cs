using ContextCompany.Tests.Infrastructure;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using SupportAgent.Agents;

namespace ContextCompany.Agents.AI.Tests.Infrastructure;

/// <summary>
/// Real <see cref="ChatClientAgent"/>s over the sample's scripted model, with a real tool, recorded by
/// <c>UseContextCompany()</c> on a client pointed at a loopback ingestion server.
/// </summary>
public static class TestAgents
{
    public const string Instructions = "You are a support agent. Look orders up before answering.";

    public const string ToolName = "get_order_status";

    public static TccClient ClientFor(IngestServer server)
    {
        TccOptions options = new()
        {
            ApiKey = "tcc_test_0123456789abcdef",
            BaseUrl = server.BaseUrl,
            LocalRunSummaries = false,
            DiagnosticsToStandardError = false,
            InitialRetryDelay = TimeSpan.FromMilliseconds(20),
        };
        return new TccClient(options);
    }

    /// <summary>The order tool: order 0000 does not exist (the tool throws).</summary>
    public static AIFunction OrderTool() => AIFunctionFactory.Create(
        (string orderId) => orderId == "0000" ? throw new KeyNotFoundException("order 0000 does not exist") : $"order {orderId} shipped",
        ToolName,
        "Looks an order up by its number.");

    /// <summary>
    /// A recorded agent. <paramref name="decorate"/> goes around the scripted model (a failing or stalling
    /// model). With <paramref name="wrapChatClient"/>, the user also records the chat client, as the chat-client
    /// package recommends (<c>UseFunctionInvocation().UseContextCompany()</c>); without it, the agent wrapper
    /// records the model calls and tools by itself.
    /// </summary>
    public static AIAgent Create(
        TccClient client,
        string? name = "support-agent",
        Func<IChatClient, IChatClient>? decorate = null,
        Action<ContextCompanyAgentOptions>? configure = null,
        bool wrapChatClient = false)
    {
        IChatClient model = new ScriptedChatClient();
        model = decorate?.Invoke(model) ?? model;
        if (wrapChatClient)
        {
            model = model.AsBuilder().UseFunctionInvocation().UseContextCompany(o => o.Client = client).Build();
        }

        return new ChatClientAgent(model, Instructions, name, tools: [OrderTool()])
            .AsBuilder()
            .UseContextCompany(o =>
            {
                o.Client = client;
                configure?.Invoke(o);
            })
            .Build();
    }
}
