extern alias generators;

using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Basic.Reference.Assemblies;
using generators::ContextCompany.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ContextCompany.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs an analyzer over test code (with markup for the expected spans: <c>{|TCC001:r.End()|}</c>) in a real
/// compilation that references the SDK, with the generator's output added as it would be in a build.
/// </summary>
public static partial class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected) => AnalyzerAsync(new TAnalyzer(), source, expected);

    /// <summary>With a given instance of the analyzer, for one built with an internal option.</summary>
    public static Task AnalyzerAsync(TAnalyzer analyzer, string source, params DiagnosticResult[] expected)
    {
        AnalyzerTest test = new(analyzer) { TestCode = source };
        TestSetup.AddGeneratedSources(test.TestState, source);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    public static DiagnosticResult Diagnostic(string id) => new DiagnosticResult(id, DiagnosticSeverity.Warning);

    public sealed class AnalyzerTest : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        private readonly TAnalyzer _analyzer;

        public AnalyzerTest()
            : this(new TAnalyzer())
        {
        }

        public AnalyzerTest(TAnalyzer analyzer)
        {
            _analyzer = analyzer;
            TestSetup.Configure(this);
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => [_analyzer];
    }
}

/// <summary>Offline references, the SDK, and the generated sources, shared by analyzer and code-fix tests.</summary>
public static partial class TestSetup
{
    public static readonly ReferenceAssemblies Net100References = new("net10.0");

    public static readonly ImmutableArray<MetadataReference> References =
        Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Tcc).Assembly.Location))
            .ToImmutableArray();

    public static void Configure<TVerifier>(AnalyzerTest<TVerifier> test)
        where TVerifier : IVerifier, new()
    {
        test.ReferenceAssemblies = Net100References;
        test.TestState.AdditionalReferences.AddRange(References);
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            Project project = solution.GetProject(projectId)!;
            CompilationOptions options = project.CompilationOptions!.WithSpecificDiagnosticOptions(
                project.CompilationOptions.SpecificDiagnosticOptions
                    .SetItem("CS1701", ReportDiagnostic.Suppress)
                    .SetItem("CS1702", ReportDiagnostic.Suppress));
            return solution.WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)options).WithNullableContextOptions(NullableContextOptions.Enable));
        });
        test.TestState.OutputKind = OutputKind.DynamicallyLinkedLibrary;
        test.TestBehaviors |= TestBehaviors.SkipGeneratedCodeCheck;
    }

    /// <summary>What the generator writes for <paramref name="code"/> (markup removed), added as the build would add it.</summary>
    public static void AddGeneratedSources(SolutionState state, string code)
    {
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Generated",
            [CSharpSyntaxTree.ParseText(WithoutMarkup(code), new CSharpParseOptions(LanguageVersion.Latest))],
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new TrackedAgentGenerator()).RunGenerators(compilation);
        foreach (GeneratedSourceResult generated in driver.GetRunResult().Results.Single().GeneratedSources)
        {
            state.Sources.Add(("/0/" + generated.HintName, generated.SourceText));
        }
    }

    /// <summary>Source without test markup.</summary>
    public static string WithoutMarkup(string source) => Markup().Replace(source, string.Empty);

    [GeneratedRegex(@"\{\|[^:|]*:|\|\}|\[\||\|\]")]
    private static partial Regex Markup();
}
