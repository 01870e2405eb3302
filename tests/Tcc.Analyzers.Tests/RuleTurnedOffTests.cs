extern alias generators;

using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using ContextCompany.Analyzers.Tests.Infrastructure;
using generators::ContextCompany.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ContextCompany.Analyzers.Tests;

/// <summary>
/// TCC011-TCC013 turned off in <c>.editorconfig</c>: the project builds with the generator and the
/// analyzers, and calling the method the generator could not wrap throws an exception that names the rule,
/// says how to fix it and links the rule's page.
/// </summary>
public sealed class RuleTurnedOffTests
{
    private const string ProjectFolder = "/project";

    [Theory]
    [InlineData(
        "TCC011",
        "public partial Task<string> AnswerAsync(string question);",
        "AnswerAsync",
        "cannot wrap 'AnswerAsync': no implementation method 'AnswerCoreAsync' was found in 'SupportAgent'.",
        "add a matching implementation method, or name one with [TrackedAgent(Implementation = nameof(...))]")]
    [InlineData(
        "TCC012",
        "public partial string Answer(string first, string second); private string AnswerCore(string first, string second) => first;",
        "Answer",
        "cannot wrap 'Answer': several string parameters could be the prompt; mark the prompt with [Prompt].",
        "give the method one string parameter that carries the prompt and mark it with [Prompt]")]
    [InlineData(
        "TCC013",
        "public partial string Answer(string question, out int tokens);",
        "Answer",
        "cannot wrap 'Answer': parameter 'tokens' is passed by reference (ref, out or in).",
        "instead of ref, out or in parameters")]
    public async Task Call_throws_naming_the_rule_its_fix_and_its_page(string id, string member, string method, string why, string fix)
    {
        string source = Code.Usings + $$"""
            namespace Agents
            {
                public partial class SupportAgent
                {
                    [TrackedAgent("support-agent")]
                    {{member}}
                }
            }
            """;

        // With the rule on, the build fails with it: the test turns off what would otherwise stop the build.
        Assert.Contains(await BuildProblemsAsync(source, editorConfig: null), d => d.Id == id && d.Severity == DiagnosticSeverity.Error);

        string editorConfig = $"""
            root = true

            [*.cs]
            dotnet_diagnostic.{id}.severity = none
            """;
        Compilation output = Generate(source, editorConfig);
        Assert.Empty((await BuildProblemsAsync(output)).Select(d => d.ToString()));

        NotSupportedException thrown = Call(output, "Agents.SupportAgent", method);
        string helpLink = new TrackedAgentAnalyzer().SupportedDiagnostics.Single(d => d.Id == id).HelpLinkUri;
        Assert.StartsWith($"{id}: [TrackedAgent] {why} To fix it, ", thrown.Message, StringComparison.Ordinal);
        Assert.Contains(fix, thrown.Message, StringComparison.Ordinal);
        Assert.Contains($"The build reports {id} as an error; this exception means the rule was turned off or lowered", thrown.Message, StringComparison.Ordinal);
        Assert.EndsWith($" See {helpLink}", thrown.Message, StringComparison.Ordinal);
        Assert.Equal($"https://github.com/thecontextcompany/contextcompany-dotnet/blob/main/docs/diagnostics/{id}.md", helpLink);
    }

    /// <summary>The user's source and the generator's output, compiled with <paramref name="editorConfig"/> (when given) applied as the build applies it.</summary>
    private static Compilation Generate(string source, string? editorConfig)
    {
        CSharpParseOptions parse = new(LanguageVersion.Latest);
        SyntaxTree tree = CSharpSyntaxTree.ParseText(source, parse, path: ProjectFolder + "/SupportAgent.cs");
        CSharpCompilationOptions options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress });
        if (editorConfig is not null)
        {
            AnalyzerConfigSet configs = AnalyzerConfigSet.Create(ImmutableArray.Create(AnalyzerConfig.Parse(editorConfig, ProjectFolder + "/.editorconfig")));
            options = options.WithSyntaxTreeOptionsProvider(new EditorConfigSeverities(configs, tree));
        }

        CSharpCompilation compilation = CSharpCompilation.Create("RuleTurnedOff" + Guid.NewGuid().ToString("N"), [tree], TestSetup.References, options);
        CSharpGeneratorDriver.Create([new TrackedAgentGenerator().AsSourceGenerator()], parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        return output;
    }

    private static Task<IReadOnlyList<Diagnostic>> BuildProblemsAsync(string source, string? editorConfig) =>
        BuildProblemsAsync(Generate(source, editorConfig));

    /// <summary>The errors and warnings of a build: the compiler's and the TrackedAgent analyzer's.</summary>
    private static async Task<IReadOnlyList<Diagnostic>> BuildProblemsAsync(Compilation output)
    {
        ImmutableArray<Diagnostic> all = await output.WithAnalyzers([new TrackedAgentAnalyzer()]).GetAllDiagnosticsAsync();
        return all.Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed).ToArray();
    }

    /// <summary>Emits and loads the program, calls <paramref name="method"/> on a new instance of <paramref name="type"/>, and returns what it threw.</summary>
    private static NotSupportedException Call(Compilation output, string type, string method)
    {
        using MemoryStream image = new();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        image.Position = 0;
        AssemblyLoadContext context = new(output.AssemblyName, isCollectible: true);
        try
        {
            Type agentType = context.LoadFromStream(image).GetType(type, throwOnError: true)!;
            MethodInfo wrapper = agentType.GetMethod(method)!;
            object?[] arguments = wrapper.GetParameters().Select(p => p.ParameterType == typeof(string) ? "question" : null).ToArray();
            TargetInvocationException invocation = Assert.Throws<TargetInvocationException>(() => wrapper.Invoke(Activator.CreateInstance(agentType), arguments));
            return Assert.IsType<NotSupportedException>(invocation.InnerException);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>
    /// The severities an <c>.editorconfig</c> sets for one source file, as the compiler applies them (its own
    /// provider is internal): the same filtering a build with that file does, for compiler and analyzer
    /// diagnostics alike.
    /// </summary>
    private sealed class EditorConfigSeverities(AnalyzerConfigSet configs, SyntaxTree source) : SyntaxTreeOptionsProvider
    {
        private readonly string _path = source.FilePath;
        private readonly ImmutableDictionary<string, ReportDiagnostic> _severities = configs.GetOptionsForSourcePath(source.FilePath).TreeOptions;

        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return tree.FilePath == _path && _severities.TryGetValue(diagnosticId, out severity);
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            severity = ReportDiagnostic.Default;
            return false;
        }
    }
}
