using ContextCompany.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ContextCompany.Generators.Tests;

/// <summary>
/// The generated source for each supported shape, compared with its checked-in baseline; each output also
/// compiles with the user's code without an error or a warning.
/// </summary>
public sealed class GeneratedSourceSnapshotTests
{
    public static TheoryData<string> Shapes => new(ShapeSources.All.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Generated_source_matches_its_baseline_and_compiles_cleanly(string shape)
    {
        (string source, LanguageVersion version) = ShapeSources.All[shape];
        GeneratorResult result = GeneratorHarness.Run(source, version);

        Assert.Empty(result.Problems().Select(d => d.ToString()));
        Snapshot.Match(result.SingleSource(), shape);
    }

    [Fact]
    public void File_is_named_after_the_namespace_and_containing_types()
    {
        GeneratorResult result = GeneratorHarness.Run(ShapeSources.All["NestedGenericTypes"].Source);
        Assert.Equal("Agents.Outer.Inner_1.TrackedAgents.g.cs", Assert.Single(result.Sources).HintName);

        GeneratorResult global = GeneratorHarness.Run(ShapeSources.All["GlobalNamespace"].Source);
        Assert.Equal("GlobalAgent.TrackedAgents.g.cs", Assert.Single(global.Sources).HintName);
    }

    [Fact]
    public void Several_FullInput_parameters_send_the_first_as_several_SystemPrompt_parameters_do()
    {
        const string source = """
            using ContextCompany;
            namespace Agents;
            public partial class Raw
            {
                [TrackedAgent]
                public partial string Answer(string question, [SystemPrompt] string s1, [SystemPrompt] string s2, [FullInput] string first, [FullInput] string second);
                private string AnswerCore(string question, string s1, string s2, string first, string second) => question;
            }
            """;
        GeneratorResult result = GeneratorHarness.Run(source);

        Assert.Empty(result.Problems().Select(d => d.ToString()));
        Assert.Contains("TrackedRun.Start(null, null, null, null, question, s1, first);", result.SingleSource());
    }

    [Fact]
    public void Output_is_deterministic_whatever_the_declaration_order()
    {
        string a = """
            using ContextCompany;
            namespace Agents;
            public partial class Two
            {
                [TrackedAgent] public partial string B(string q);
                private string BCore(string q) => q;
                [TrackedAgent] public partial string A(string q);
                private string ACore(string q) => q;
            }
            """;
        string b = """
            using ContextCompany;
            namespace Agents;
            public partial class Two
            {
                private string ACore(string q) => q;
                [TrackedAgent] public partial string A(string q);
                private string BCore(string q) => q;
                [TrackedAgent] public partial string B(string q);
            }
            """;

        Assert.Equal(GeneratorHarness.Run(a).SingleSource(), GeneratorHarness.Run(b).SingleSource());
    }
}
