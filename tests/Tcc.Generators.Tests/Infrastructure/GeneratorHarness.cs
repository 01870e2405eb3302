using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Basic.Reference.Assemblies;
using ContextCompany.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ContextCompany.Generators.Tests.Infrastructure;

/// <summary>Real Roslyn compilations of user code, run through the generator.</summary>
public static class GeneratorHarness
{
    public static readonly ImmutableArray<MetadataReference> References =
        Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Tcc).Assembly.Location))
            .ToImmutableArray();

    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.Latest) =>
        new(version);

    public static CSharpCompilation Compile(IEnumerable<string> sources, LanguageVersion version = LanguageVersion.Latest, NullableContextOptions nullable = NullableContextOptions.Enable) =>
        CSharpCompilation.Create(
            "UserProgram" + Guid.NewGuid().ToString("N"),
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions(version), path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable, allowUnsafe: true)
                // As the .NET SDK does: the runtime library references an older System.Runtime than the reference assemblies.
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));

    public static CSharpCompilation Compile(string source, LanguageVersion version = LanguageVersion.Latest, NullableContextOptions nullable = NullableContextOptions.Enable) =>
        Compile(new[] { source }, version, nullable);

    public static GeneratorDriver CreateDriver(CSharpCompilation compilation, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new TrackedAgentGenerator().AsSourceGenerator() },
            parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator; fails the test if it threw.</summary>
    public static GeneratorResult Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CreateDriver(compilation).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return new GeneratorResult(compilation, output, diagnostics, result);
    }

    public static GeneratorResult Run(string source, LanguageVersion version = LanguageVersion.Latest) => Run(Compile(source, version));
}

public sealed record GeneratorResult(Compilation Input, Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorRunResult RunResult)
{
    public IReadOnlyList<GeneratedSourceResult> Sources => RunResult.GeneratedSources;

    public string SingleSource() => Assert.Single(Sources).SourceText.ToString();

    /// <summary>
    /// Errors and warnings of the compilation with the generated code, less those the package's suppressor
    /// suppresses (it ships beside the generator, so a build sees both).
    /// </summary>
    public IReadOnlyList<Diagnostic> Problems() =>
        Output.WithAnalyzers([new EnumeratorCancellationSuppressor()])
            .GetAllDiagnosticsAsync().GetAwaiter().GetResult()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)
            .ToArray();

    /// <summary>Asserts the program compiles with no error or warning, then loads it into its own load context.</summary>
    public Assembly Load()
    {
        IReadOnlyList<Diagnostic> problems = Problems();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        using MemoryStream image = new();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = Output.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        image.Position = 0;
        return new AssemblyLoadContext(Output.AssemblyName, isCollectible: true).LoadFromStream(image);
    }
}
