// A Microsoft Agent Framework support agent whose runs are recorded with ContextCompany.
// Runs offline: the model is a scripted chat client, and without TCC_API_KEY the runs, their steps and
// their tool calls are written to ./.tcc/runs.jsonl.
using System.ComponentModel;
using ContextCompany;
using Microsoft.Agents.AI;
using Microsoft.Extensions.AI;
using SupportAgent.Agents;

// Your provider's IChatClient (OpenAI, Azure OpenAI, Ollama, ...); here a scripted one, so the sample runs offline.
IChatClient chatClient = new ScriptedChatClient();

AIAgent agent = new ChatClientAgent(
        chatClient,
        instructions: "You are a support agent for an online shop. Look orders up before answering.",
        name: "support-agent",
        tools: [AIFunctionFactory.Create(GetOrderStatus, name: "get_order_status")])
    .AsBuilder()
    .UseContextCompany()          // the one line: each run is recorded, with its model calls as steps and its tools as tool calls
    .Build();

// Two turns of one conversation: the runs share a session id.
AgentSession session = await agent.CreateSessionAsync();
foreach (string question in new[] { "Hi, I need help with an order.", "Where is order 1234?" })
{
    Console.WriteLine($"user>  {question}");
    AgentResponse answer = await agent.RunAsync(question, session);
    Console.WriteLine($"agent> {answer.Text}");
}

// A streamed answer: the run ends when the stream does, with the streamed text as its response.
Console.WriteLine("user>  Where is order 5678?");
Console.Write("agent> ");
await foreach (AgentResponseUpdate update in agent.RunStreamingAsync("Where is order 5678?"))
{
    Console.Write(update.Text);
}

Console.WriteLine();

bool delivered = await Tcc.FlushAsync(TimeSpan.FromSeconds(10));
TccDeliveryStatistics stats = Tcc.Statistics;
Console.WriteLine();
Console.WriteLine($"3 agent runs, {stats.Enqueued} items recorded (runs, steps, tool calls).");
Console.WriteLine(Tcc.Client.LocalFilePath is { } path
    ? $"Runs written to {path} (set TCC_API_KEY to send them to The Context Company)."
    : delivered && stats.Failed == 0 && stats.Dropped == 0
        ? "Runs delivered to The Context Company."
        : "Some runs were not delivered; set TCC_DEBUG=1 for details.");
return delivered ? 0 : 1;

[Description("Looks an order up by its number and returns its shipping status.")]
static string GetOrderStatus([Description("The order number, digits only.")] string orderId) =>
    orderId == "5678" ? $"order {orderId} is being packed and ships tomorrow" : $"order {orderId} shipped on Monday and arrives Thursday";
