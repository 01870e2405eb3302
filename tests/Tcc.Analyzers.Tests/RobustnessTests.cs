extern alias generators;

using System.Collections.Immutable;
using ContextCompany.Analyzers.Tests.Infrastructure;
using generators::ContextCompany.Generators;
using ContextCompany.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace ContextCompany.Analyzers.Tests;

/// <summary>
/// Every analyzer over the malformed corpus the generator is tested with, over the sample and over the
/// repository's own test sources: no analyzer ever throws (no AD0001), and the sample gets no diagnostic.
/// </summary>
public sealed class RobustnessTests(ITestOutputHelper output)
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
    [
        new RunLifecycleAnalyzer(), new MetadataAnalyzer(), new FeedbackAnalyzer(), new ApiKeyAnalyzer(), new TrackedAgentAnalyzer(),
    ];

    [Fact]
    public async Task Analyzers_never_throw_on_malformed_or_half_typed_code()
    {
        int inputs = 0;
        int diagnostics = 0;
        foreach ((string name, string source) in MalformedInputs.All())
        {
            (IReadOnlyList<string> exceptions, ImmutableArray<Diagnostic> found) = await AnalyzeAsync([source]);
            Assert.True(exceptions.Count == 0, $"{name}: {string.Join("; ", exceptions)}\n{source}");
            Assert.DoesNotContain(found, d => d.Id == "AD0001");
            inputs++;
            diagnostics += found.Length;
        }

        output.WriteLine($"{inputs} inputs, {diagnostics} diagnostics reported");
        Assert.True(inputs >= 200);
        Assert.True(diagnostics > 0, "the corpus no longer exercises the analyzers");
    }

    [Fact]
    public async Task Sample_gets_no_diagnostic()
    {
        // The sample uses the SDK's implicit usings for console apps.
        string[] sources = SourcesUnder("samples/SupportAgent")
            .Append("global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;")
            .ToArray();

        (IReadOnlyList<string> exceptions, ImmutableArray<Diagnostic> found) = await AnalyzeAsync(sources, withSample: true);

        Assert.Empty(exceptions);
        Assert.Empty(found.Select(d => d.ToString()));
    }

    [Theory]
    [InlineData("tests/Tcc.Runtime.Tests")]
    [InlineData("tests/Tcc.Generators.Tests")]
    [InlineData("tests/Tcc.Analyzers.Tests")]
    public async Task Analyzers_never_throw_on_the_repository_test_sources(string folder)
    {
        string[] sources = SourcesUnder(folder);
        Assert.NotEmpty(sources);

        (IReadOnlyList<string> exceptions, ImmutableArray<Diagnostic> found) = await AnalyzeAsync(sources);

        Assert.Empty(exceptions);
        Assert.DoesNotContain(found, d => d.Id == "AD0001");
    }

    private static async Task<(IReadOnlyList<string> Exceptions, ImmutableArray<Diagnostic> Diagnostics)> AnalyzeAsync(string[] sources, bool withSample = false)
    {
        CSharpParseOptions parse = new(LanguageVersion.Latest);
        IEnumerable<MetadataReference> references = TestSetup.References
            .Concat([
                MetadataReference.CreateFromFile(typeof(Xunit.FactAttribute).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(Xunit.Assert).Assembly.Location),
            ]);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Robustness",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parse, path: $"Source{i}.cs")),
            references,
            new CSharpCompilationOptions(withSample ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress }));
        ISourceGenerator[] generators = withSample
            ? [new TrackedAgentGenerator().AsSourceGenerator(), .. JsonSourceGenerators()] // the sample's JSON context is source-generated
            : [new TrackedAgentGenerator().AsSourceGenerator()];
        CSharpGeneratorDriver.Create(generators, parseOptions: parse).RunGeneratorsAndUpdateCompilation(compilation, out Compilation generated, out _);

        List<string> exceptions = new();
        CompilationWithAnalyzers analysis = generated.WithAnalyzers(
            Analyzers,
            new CompilationWithAnalyzersOptions(
                new AnalyzerOptions([]),
                onAnalyzerException: (exception, analyzer, _) => { lock (exceptions) { exceptions.Add($"{analyzer.GetType().Name}: {exception}"); } },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false));
        ImmutableArray<Diagnostic> diagnostics = await analysis.GetAnalyzerDiagnosticsAsync();
        if (withSample)
        {
            // The sample must also compile cleanly: a diagnostic-free sample that does not compile proves nothing.
            Assert.Empty(generated.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()));
        }

        return (exceptions, diagnostics);
    }

    /// <summary>System.Text.Json's source generator, from the targeting pack of the .NET SDK that runs the tests.</summary>
    private static IEnumerable<ISourceGenerator> JsonSourceGenerators()
    {
        string packs = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref"));
        string? generator = Directory.Exists(packs)
            ? Directory.EnumerateFiles(packs, "System.Text.Json.SourceGeneration.dll", SearchOption.AllDirectories)
                .Where(path => path.Contains($"{Path.DirectorySeparatorChar}cs{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .LastOrDefault()
            : null;
        Assert.True(generator is not null, $"System.Text.Json's source generator was not found under {packs}");
        return new Microsoft.CodeAnalysis.Diagnostics.AnalyzerFileReference(generator!, new AssemblyLoader()).GetGenerators(LanguageNames.CSharp);
    }

    private sealed class AssemblyLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public System.Reflection.Assembly LoadFromPath(string fullPath) => System.Reflection.Assembly.LoadFrom(fullPath);
    }

    private static string[] SourcesUnder(string folder)
    {
        return Directory.EnumerateFiles(RepositoryPaths.Combine(folder), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                !path.Contains($"{Path.DirectorySeparatorChar}Snapshots{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToArray();
    }
}
