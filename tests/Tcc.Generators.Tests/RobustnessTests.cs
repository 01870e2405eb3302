using ContextCompany.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace ContextCompany.Generators.Tests;

/// <summary>
/// The generator over hundreds of malformed and half-typed inputs, built by the test from fragments and
/// from every prefix of a real program (what an editor sends while someone types): it never throws, and
/// for a well-formed declaration it never writes code that fails to compile.
/// </summary>
public sealed class RobustnessTests(ITestOutputHelper output)
{
    // Declaration errors that the generator's output is there to remove: a partial method without its part.
    private static readonly HashSet<string> MissingImplementation = ["CS8795", "CS8796", "CS8797", "CS8798"];

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

    public static IEnumerable<object[]> Corpus()
    {
        Random random = new(20261128);
        for (int i = 0; i < 240; i++)
        {
            string declaration = $"{Pick(random, Attributes)} {Pick(random, Modifiers)} {Pick(random, ReturnTypes)} {Pick(random, Names)}{Pick(random, ParameterLists)}{Pick(random, Endings)}";
            string members = declaration + "\n" + Pick(random, Implementations);
            string source = Usings + "namespace Agents;\n" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(random, Containers), members);
            yield return [$"fragments #{i:D3}", source];
        }

        foreach ((string shape, (string source, _)) in ShapeSources.All.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            yield return [$"shape {shape}", source];
        }

        string program = ShapeSources.All["TaskOfString"].Source;
        for (int length = 0; length < program.Length; length += 9)
        {
            yield return [$"prefix {length:D4}", program[..length]];
        }
    }

    [Fact]
    public void Corpus_has_at_least_200_inputs() => Assert.True(Corpus().Count() >= 200, $"{Corpus().Count()} inputs");

    [Fact]
    public void Generator_never_throws_and_never_breaks_a_well_formed_declaration()
    {
        int wellFormed = 0;
        int withOutput = 0;
        List<string> failures = new();
        foreach (object[] input in Corpus())
        {
            string name = (string)input[0];
            string source = (string)input[1];
            CSharpCompilation compilation = GeneratorHarness.Compile(source);
            GeneratorDriver driver = GeneratorHarness.CreateDriver(compilation).RunGeneratorsAndUpdateCompilation(compilation, out Compilation updated, out var generatorDiagnostics);
            GeneratorRunResult result = driver.GetRunResult().Results.Single();

            if (result.Exception is not null || generatorDiagnostics.Any(d => d.Id == "CS8785"))
            {
                failures.Add($"{name}: generator exception {result.Exception?.Message}\n{source}");
                continue;
            }

            withOutput += result.GeneratedSources.Length > 0 ? 1 : 0;
            string[] inputErrors = Errors(compilation).Where(id => !MissingImplementation.Contains(id)).ToArray();
            string[] generatedErrors = updated.GetDiagnostics()
                .Where(d => d.Severity == DiagnosticSeverity.Error && result.GeneratedSources.Any(g => g.SyntaxTree == d.Location.SourceTree))
                .Select(d => d.ToString())
                .ToArray();
            if (inputErrors.Length == 0)
            {
                wellFormed++;
                string[] remaining = Errors(updated).ToArray();
                if (remaining.Length > 0)
                {
                    failures.Add($"{name}: well-formed input, errors after generation: {string.Join(", ", remaining)}\n{source}");
                }
            }
            else if (generatedErrors.Length > 0)
            {
                failures.Add($"{name}: errors inside the generated code: {string.Join(" | ", generatedErrors)}\n{source}");
            }
        }

        output.WriteLine($"{Corpus().Count()} inputs, {wellFormed} well-formed, {withOutput} with generated output");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures.Take(10)) + $"\n({failures.Count} failures)");
        Assert.True(wellFormed >= 25, $"only {wellFormed} well-formed inputs: the corpus no longer exercises output");
        Assert.True(withOutput >= 20, $"only {withOutput} inputs produced output");
    }

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using ContextCompany;

        """;

    private static IEnumerable<string> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id);

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
