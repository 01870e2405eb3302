namespace ContextCompany.EndToEnd.Tests.Infrastructure;

/// <summary>The code a new user writes: first with deliberate mistakes, then fixed.</summary>
public static class ConsumerPrograms
{
    /// <summary>One mistake per line marked with the ID the build must report.</summary>
    public const string WithMistakes = """
        using ContextCompany;

        namespace Consumer;

        public partial class Agent
        {
            [TrackedAgent("runs")]                                            // TCC002
            public partial string Answer(string question);

            private string AnswerCore(string question) => question;

            [TrackedAgent("support-agent")]
            public partial Task<string> ExplainAsync(string question);        // TCC011: no ExplainCoreAsync

            public async Task Handle(string question)
            {
                AgentRun run = Tcc.Run();
                run.Metadata("tcc.userID", "user-1");                          // TCC007
                run.End();                                                      // TCC001
                await Tcc.SubmitFeedbackAsync(run.RunId, "Thumbs_Up");          // TCC004
            }
        }

        public static class Program
        {
            public static void Main() { }
        }
        """;

    /// <summary>The same agent, fixed: tracked entry points of every kind, steps, tool calls, feedback.</summary>
    public const string Fixed = """
        using System.Runtime.CompilerServices;
        using ContextCompany;

        namespace Consumer;

        public partial class Agent
        {
            [TrackedAgent("support-agent")]
            public partial string Answer(string question);

            private string AnswerCore(string question) => "answer: " + question;

            [TrackedAgent("support-agent", Conversational = true)]
            public partial Task<string> ExplainAsync([Prompt] string question, [SessionId] string sessionId, [Metadata(TccMetadataKeys.UserId)] string userId);

            private async Task<string> ExplainCoreAsync(AgentRun run, string question, string sessionId, string userId)
            {
                await Task.Yield();
                run.Step().Prompt(question).Response("thinking").Model("fake-model").Tokens(promptUncached: 10, completion: 3).End();
                run.ToolCall("lookup").Args("{\"q\":1}").Result("{\"a\":2}").End();
                return "explained: " + question;
            }

            [TrackedAgent("support-agent")]
            public partial IAsyncEnumerable<string> StreamAsync(string question, CancellationToken cancellationToken = default);

            private async IAsyncEnumerable<string> StreamCoreAsync(string question, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                foreach (string word in question.Split(' '))
                {
                    await Task.Yield();
                    yield return word;
                }
            }

            public async Task<string> HandleAsync(string question)
            {
                AgentRun run = Tcc.Run();
                run.Prompt(question).Metadata((TccMetadataKeys.UserId, "user-1"), (TccMetadataKeys.UserName, "Jane Doe"));
                run.Response("handled").End();
                await Tcc.SubmitFeedbackAsync(run.RunId, "thumbs_up", "Very helpful!");
                return run.RunId;
            }
        }

        public static class Program
        {
            public static async Task<int> Main()
            {
                Agent agent = new();
                Console.WriteLine(agent.Answer("hello"));
                Console.WriteLine(await agent.ExplainAsync("why", "session-1", "user-1"));
                await foreach (string chunk in agent.StreamAsync("one two three"))
                {
                    Console.Write(chunk + "|");
                }

                Console.WriteLine();
                Console.WriteLine("manual run " + await agent.HandleAsync("manual"));
                return 0; // no flush: the SDK delivers at process exit
            }
        }
        """;

    /// <summary>A netstandard2.0 library with tracked agents (C# 10 for partial methods with return values).</summary>
    public const string NetStandardLibrary = """
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using ContextCompany;

        namespace Library
        {
            public partial class LibraryAgent
            {
                [TrackedAgent("library-agent")]
                public partial Task<string> AnswerAsync(string question, CancellationToken cancellationToken);

                private Task<string> AnswerCoreAsync(string question, CancellationToken cancellationToken) => Task.FromResult(question);

                [TrackedAgent]
                public partial IAsyncEnumerable<string> StreamAsync(string question, CancellationToken cancellationToken);

                private async IAsyncEnumerable<string> StreamCoreAsync(string question, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    yield return question;
                }
            }
        }
        """;

    /// <summary>C# 8: the only legal partial declarations are <c>partial void</c> methods without access modifiers.</summary>
    public const string CSharp8 = """
        using System;
        using System.Threading.Tasks;
        using ContextCompany;

        namespace Legacy
        {
            public partial class LegacyAgent
            {
                [TrackedAgent("legacy-agent")]
                partial void Handle(string question, [Metadata("tenant")] string tenant);

                private void HandleCore(string question, string tenant)
                {
                    Console.WriteLine("handled " + question + " for " + tenant + " in run " + AgentRun.Current?.RunId);
                }

                public void Call(string question) => Handle(question, "acme");
            }

            public static class Program
            {
                public static async Task Main()
                {
                    new LegacyAgent().Call("legacy question");
                    await Tcc.FlushAsync(TimeSpan.FromSeconds(10));
                }
            }
        }
        """;

    /// <summary>A Generic Host with the hosting package: three runs, then the host stops.</summary>
    public const string Hosted = """
        using ContextCompany;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddContextCompany();
        using IHost host = builder.Build();
        await host.StartAsync();
        for (int i = 0; i < 3; i++)
        {
            AgentRun run = Tcc.Run().Prompt("hosted question " + i).Response("hosted answer " + i);
            run.End();
            Console.WriteLine("ended " + run.RunId);
        }

        await host.StopAsync();
        """;

    /// <summary>
    /// A chat pipeline with the Microsoft.Extensions.AI package over a model of the consumer's own: one call with
    /// no run current is one run with its step.
    /// </summary>
    public const string ChatPipeline = """
        using ContextCompany;
        using Microsoft.Extensions.AI;

        IChatClient chat = new EchoModel().AsBuilder().UseContextCompany(o => o.AgentName = "echo-agent").Build();
        ChatResponse response = await chat.GetResponseAsync("Say hello");
        Console.WriteLine("answer " + response.Text);
        return await Tcc.FlushAsync(TimeSpan.FromSeconds(30)) ? 0 : 1;

        /// <summary>A model that answers with the user's words in upper case.</summary>
        internal sealed class EchoModel : IChatClient
        {
            public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
                Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, messages.Last().Text.ToUpperInvariant()))
                {
                    ModelId = "echo-1",
                    FinishReason = ChatFinishReason.Stop,
                    Usage = new UsageDetails { InputTokenCount = 3, OutputTokenCount = 2 },
                });

            public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
                throw new NotSupportedException();

            public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

            public void Dispose()
            {
            }
        }
        """;
}
