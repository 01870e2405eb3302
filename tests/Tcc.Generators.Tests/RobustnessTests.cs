using ContextCompany.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using ContextCompany.Tests.Shared;
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

    public static IEnumerable<object[]> Corpus()
    {
        foreach ((string name, string source) in MalformedInputs.All())
        {
            yield return [name, source];
        }

        foreach ((string shape, (string source, _)) in ShapeSources.All.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            yield return [$"shape {shape}", source];
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

    private static IEnumerable<string> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id);
}
