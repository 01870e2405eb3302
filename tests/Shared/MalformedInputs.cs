namespace ContextCompany.Tests.Shared;

/// <summary>
/// Malformed and half-typed inputs for the generator and the analyzers, built from fragments (a fixed
/// seed, so every run sees the same corpus) and from every prefix of a well-formed program, which is what
/// an editor sends while someone types. Compiled into each test project that needs it.
/// </summary>
public static class MalformedInputs
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using ContextCompany;

        """;

    private const string WellFormedProgram = Usings + """
        namespace Agents;

        public partial class SupportAgent
        {
            [TrackedAgent("support-agent", Conversational = true)]
            public partial Task<string> AnswerAsync([Prompt] string question, [Metadata("tcc.userId")] string userId, CancellationToken cancellationToken = default);

            private async Task<string> AnswerCoreAsync(AgentRun run, string question, string userId, CancellationToken cancellationToken)
            {
                AgentRun manual = Tcc.Run(sessionId: "s").Prompt(question).Metadata("tcc.userName", "Jane");
                manual.Metadata("tcc.userId", userId).End();
                await run.FeedbackAsync(FeedbackScore.ThumbsUp, "thanks");
                return question;
            }
        }
        """;

    private static readonly string[] Attributes =
    [
        "[TrackedAgent]", "[TrackedAgent(\"support-agent\")]", "[TrackedAgent(]", "[TrackedAgent(\"x\"", "[TrackedAgent(null)]",
        "[TrackedAgent(42)]", "[TrackedAgent(\"\")]", "[TrackedAgent(\"runs\", Conversational = )]", "[TrackedAgent(Implementation = \"Missing\")]",
        "[TrackedAgent(Implementation = nameof(Other))]", "[TrackedAgent(\"a\", SystemPrompt = null, Conversational = true)]",
        "[ContextCompany.TrackedAgent]", "[TrackedAgentAttribute(\"x\")]", "[TrackedAgent, TrackedAgent]", "[TrackedAgent(Implementation = 3)]",
    ];

    private static readonly string[] Modifiers =
    [
        "public partial", "partial", "public static partial", "private partial", "public", "public async partial",
        "internal partial", "public virtual partial", "public new partial", "static partial", "public partial partial", "public extern partial",
    ];

    private static readonly string[] ReturnTypes =
    [
        "string", "void", "Task<string>", "Task", "ValueTask<int>", "IAsyncEnumerable<string>", "IEnumerable<string>", "Task<",
        "ref int", "Missing", "(string, int)", "string?", "int*", "Span<char>", "object", "IEnumerable<int>", "T",
    ];

    private static readonly string[] Names = ["Answer", "AnswerAsync", "", "Answer<T>", "Answer<T> ", "class", "@class"];

    private static readonly string[] ParameterLists =
    [
        "(string q)", "(string q, CancellationToken ct)", "(", "(string)", "(ref string q)", "(out string q)", "(in string q)",
        "([Prompt] int q)", "([Prompt] string a, [Prompt] string b)", "(string a, string b)", "()", "(string q = )",
        "(params string[] q)", "(Missing q)", "(string q, [Metadata] string m)", "(string q, [Metadata(null)] string m)",
        "(Span<char> q)", "([SessionId] string s, string q, [RunId] Guid id)", "(string q, [Metadata(\"tcc.userId\")] int? user)", "(T q)",
    ];

    private static readonly string[] Endings = [";", " { return default; }", "", " => default;", " {", " where T : class;", " where T : ;"];

    private static readonly string[] Implementations =
    [
        "", "private string AnswerCore(string q) => q;", "private Task<string> AnswerCoreAsync(string q) => Task.FromResult(q);",
        "private string AnswerCore(AgentRun run, string q) => q;", "private int AnswerCore(string q) => 0;", "private string Other(string q) => q;",
        "private static string AnswerCore(string q) => q;", "private string AnswerCore(", "private void AnswerCore(string q) { }",
        "private string AnswerCore<T>(string q) => q;", "private string AnswerCore(string q, CancellationToken ct) => q;",
    ];

    private static readonly string[] Containers =
    [
        "public partial class Agent {{ {0} }}", "public class Agent {{ {0} }}", "public partial struct Agent {{ {0} }}",
        "public partial record Agent {{ {0} }}", "public partial interface IAgent {{ {0} }}", "public class Outer {{ public partial class Agent {{ {0} }} }}",
        "public partial class Agent<T> {{ {0} }}", "public static partial class Agent {{ {0} }}", "partial class Agent {{ {0} ", "{0}",
    ];

    public static IEnumerable<(string Name, string Source)> All()
    {
        Random random = new(20261128);
        for (int i = 0; i < 240; i++)
        {
            string declaration = $"{Pick(random, Attributes)} {Pick(random, Modifiers)} {Pick(random, ReturnTypes)} {Pick(random, Names)}{Pick(random, ParameterLists)}{Pick(random, Endings)}";
            string members = declaration + "\n" + Pick(random, Implementations);
            string source = Usings + "namespace Agents;\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(random, Containers), members);
            yield return ($"fragments #{i:D3}", source);
        }

        string program = WellFormedProgram;
        for (int length = 0; length < program.Length; length += 9)
        {
            yield return ($"prefix {length:D4}", program[..length]);
        }
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
