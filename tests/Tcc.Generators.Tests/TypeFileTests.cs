using System.Collections.Immutable;
using ContextCompany.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Names = ContextCompany.Generators.TrackedAgentGenerator.TrackingNames;

namespace ContextCompany.Generators.Tests;

/// <summary>
/// One file per containing type: the type's first tracked method that can be written carries the file
/// with all of them, the others carry nothing; declarations that can never be written do not enter the
/// pipeline at all.
/// </summary>
public sealed class TypeFileTests
{
    private const string FirstPart = """
        using ContextCompany;
        namespace Agents
        {
            public partial class SplitAgent
            {
                [TrackedAgent("first")]
                public partial string First(string question);
                private string FirstCore(string question) => question;
            }
        }
        """;

    private const string SecondPart = """
        using ContextCompany;
        namespace Agents
        {
            public partial class SplitAgent
            {
                [TrackedAgent("second")]
                public partial string Second(string question);
                private string SecondCore(string question) => question;

                [TrackedAgent("third")]
                public partial string Third(string question);
                private string ThirdCore(string question) => question;
            }
        }
        """;

    [Fact]
    public void A_type_split_across_files_gets_one_file_with_every_tracked_method()
    {
        GeneratorResult result = Run(FirstPart, SecondPart);

        Assert.Empty(result.Problems().Select(d => d.ToString()));
        GeneratedSourceResult file = Assert.Single(result.Sources);
        Assert.Equal("Agents.SplitAgent.TrackedAgents.g.cs", file.HintName);
        string text = file.SourceText.ToString();
        Assert.Contains("partial string First(", text, StringComparison.Ordinal);
        Assert.Contains("partial string Second(", text, StringComparison.Ordinal);
        Assert.Contains("partial string Third(", text, StringComparison.Ordinal);

        // Only one tracked declaration carries the type's file.
        Assert.Single(Entries(result.RunResult), entry => entry is not null);
    }

    [Fact]
    public void The_file_is_the_same_whichever_part_comes_first()
    {
        string forward = Run(FirstPart, SecondPart).SingleSource();
        string backward = Run(SecondPart, FirstPart).SingleSource();

        Assert.Equal(forward, backward);
    }

    [Fact]
    public void When_the_first_tracked_method_cannot_be_written_the_next_one_carries_the_file()
    {
        // First names a type that does not exist: the compiler reports it there, and no part is written
        // for First; Second and Third still get theirs.
        string broken = FirstPart.Replace("First(string question);", "First(Missing question);", StringComparison.Ordinal);

        GeneratorResult result = Run(broken, SecondPart);

        string text = result.SingleSource();
        Assert.DoesNotContain("First(", text, StringComparison.Ordinal);
        Assert.Contains("partial string Second(", text, StringComparison.Ordinal);
        Assert.Contains("partial string Third(", text, StringComparison.Ordinal);
        Assert.Single(Entries(result.RunResult), entry => entry is not null);
    }

    [Fact]
    public void Declarations_that_are_not_partial_or_have_a_body_do_not_enter_the_pipeline()
    {
        const string source = """
            using ContextCompany;
            namespace Agents
            {
                public partial class MixedAgent
                {
                    [TrackedAgent] public string NotPartial(string question) => question;

                    public partial string WrittenByHand(string question);
                    [TrackedAgent] public partial string WrittenByHand(string question) => question;

                    [TrackedAgent] public partial string Wrapped(string question);
                    private string WrappedCore(string question) => question;
                }
            }
            """;

        GeneratorResult result = Run(source);

        // Only Wrapped enters: NotPartial is not partial, and the attribute of WrittenByHand sits on the
        // implementing part the user wrote, which has a body.
        Assert.Single(Entries(result.RunResult));
        string text = result.SingleSource();
        Assert.Contains("partial string Wrapped(", text, StringComparison.Ordinal);
        Assert.DoesNotContain("NotPartial", text, StringComparison.Ordinal);
        Assert.DoesNotContain("WrittenByHand", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Types_that_differ_only_in_nullability_or_tuple_names_are_written_as_declared()
    {
        const string source = """
            using System.Threading.Tasks;
            using ContextCompany;
            namespace Agents
            {
                public partial class ShapesAgent
                {
                    [TrackedAgent] public partial Task<string?> MaybeAsync([Prompt] string question, (int Low, int High) range, string? note = null);
                    private Task<string?> MaybeCoreAsync(string question, (int Low, int High) range, string? note) => Task.FromResult<string?>(question);

                    [TrackedAgent] public partial Task<string> SurelyAsync([Prompt] string question, (int From, int To) range, string note);
                    private Task<string> SurelyCoreAsync(string question, (int From, int To) range, string note) => Task.FromResult(question);
                }
            }
            """;

        GeneratorResult result = Run(source);

        Assert.Empty(result.Problems().Select(d => d.ToString()));
        string text = result.SingleSource();
        Assert.Contains("partial global::System.Threading.Tasks.Task<string?> MaybeAsync(string question, (int Low, int High) range, string? note)", text, StringComparison.Ordinal);
        Assert.Contains("partial global::System.Threading.Tasks.Task<string> SurelyAsync(string question, (int From, int To) range, string note)", text, StringComparison.Ordinal);
    }

    /// <summary>Runs the generator with its steps tracked; fails the test if it threw.</summary>
    private static GeneratorResult Run(params string[] sources)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(sources);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(compilation, trackSteps: true)
            .RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return new GeneratorResult(compilation, output, diagnostics, result);
    }

    /// <summary>
    /// The values of the first step: a file model or null per declaration that entered the pipeline (the
    /// driver may leave out a file's step when all of that file's values are null).
    /// </summary>
    private static object?[] Entries(GeneratorRunResult result) =>
        result.TrackedSteps[Names.TrackedTypes].SelectMany(step => step.Outputs).Select(output => output.Value).ToArray();
}
