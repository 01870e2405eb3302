using System.Collections;
using System.Reflection;
using ContextCompany.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Names = ContextCompany.Generators.TrackedAgentGenerator.TrackingNames;

namespace ContextCompany.Generators.Tests;

/// <summary>
/// What keeps the IDE fast: after an edit, the generator's named steps and outputs are reused
/// (<c>Cached</c> or <c>Unchanged</c>) unless the edit changes what they depend on.
/// </summary>
public sealed class IncrementalTests
{
    private const string Agent = """
        using System.Threading.Tasks;
        using ContextCompany;
        namespace Agents
        {
            public partial class SupportAgent
            {
                [TrackedAgent("support-agent")]
                public partial Task<string> AnswerAsync(string question);
                private Task<string> AnswerCoreAsync(string question) => Task.FromResult(Helper(question));
                private static string Helper(string text) { return text.Trim(); }
            }
        }
        """;

    private static readonly string[] AllSteps = { Names.TrackedTypes, Names.GeneratedFiles };

    [Fact]
    public void Adding_an_unrelated_file_leaves_every_step_and_output_cached_or_unchanged()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(Agent);

        GeneratorRunResult second = Rerun(driver, compilation.AddSyntaxTrees(Parse("namespace Other { public class Unrelated { } }")));

        AssertReused(second, AllSteps);
        AssertOutputs(second, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Appending_an_unrelated_member_to_the_same_file_leaves_every_output_cached_or_unchanged()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(Agent);
        string edited = Agent.Replace(
            "private static string Helper",
            "public int Counter { get; set; }\n        private static string Helper",
            StringComparison.Ordinal);

        GeneratorRunResult second = Rerun(driver, Replace(compilation, edited));

        AssertReused(second, AllSteps);
        AssertOutputs(second, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Editing_an_unrelated_method_body_leaves_every_output_cached_or_unchanged()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(Agent);
        string edited = Agent.Replace("return text.Trim();", "string trimmed = text.Trim();\n            return trimmed + \"!\";", StringComparison.Ordinal);

        GeneratorRunResult second = Rerun(driver, Replace(compilation, edited));

        AssertReused(second, AllSteps);
        AssertOutputs(second, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Adding_a_second_tracked_method_leaves_the_first_output_cached_and_adds_a_new_one()
    {
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(Agent);
        const string second = """
            using ContextCompany;
            namespace Agents
            {
                public partial class BillingAgent
                {
                    [TrackedAgent("billing-agent")]
                    public partial string Explain(string question);
                    private string ExplainCore(string question) => question;
                }
            }
            """;

        GeneratorRunResult result = Rerun(driver, compilation.AddSyntaxTrees(Parse(second)));

        // The first type's file model is reused from the cache; the new type's is new.
        Assert.Equal(new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.New }.Order(), Reasons(result, Names.GeneratedFiles).Order());

        // Per file: the first one's output is cached (not written again), the second one is new.
        Dictionary<string, IncrementalStepRunReason> outputs = OutputsByFile(result);
        Assert.Equal(IncrementalStepRunReason.Cached, outputs["Agents.SupportAgent.TrackedAgents.g.cs"]);
        Assert.Equal(IncrementalStepRunReason.New, outputs["Agents.BillingAgent.TrackedAgents.g.cs"]);
    }

    [Fact]
    public void Changing_the_agent_name_modifies_only_that_output()
    {
        const string other = """
            using ContextCompany;
            namespace Agents
            {
                public partial class BillingAgent
                {
                    [TrackedAgent("billing-agent")]
                    public partial string Explain(string question);
                    private string ExplainCore(string question) => question;
                }
            }
            """;
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(Agent, other);

        GeneratorRunResult result = Rerun(driver, Replace(compilation, Agent.Replace("\"support-agent\"", "\"help-desk\"", StringComparison.Ordinal)));

        Dictionary<string, IncrementalStepRunReason> outputs = OutputsByFile(result);
        Assert.Equal(IncrementalStepRunReason.Modified, outputs["Agents.SupportAgent.TrackedAgents.g.cs"]);
        Assert.Equal(IncrementalStepRunReason.Cached, outputs["Agents.BillingAgent.TrackedAgents.g.cs"]);
        Assert.Contains("\"help-desk\"", result.GeneratedSources.Single(s => s.HintName == "Agents.SupportAgent.TrackedAgents.g.cs").SourceText.ToString());
    }

    [Fact]
    public void A_type_split_across_files_is_reused_after_an_unrelated_edit_and_rewritten_when_another_part_changes()
    {
        // The type's first tracked method (in the first file) carries the file for both parts.
        const string firstPart = """
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
        const string secondPart = """
            using ContextCompany;
            namespace Agents
            {
                public partial class SplitAgent
                {
                    [TrackedAgent("second")]
                    public partial string Second(string question);
                    private string SecondCore(string question) => question;
                }
            }
            """;
        const string unrelated = "namespace Other { public class Unrelated { public int M() => 1; } }";
        (GeneratorDriver driver, CSharpCompilation compilation) = FirstRun(firstPart, secondPart, unrelated);

        GeneratorRunResult afterUnrelatedEdit = Rerun(driver, Replace(compilation, 2, unrelated.Replace("=> 1", "=> 2", StringComparison.Ordinal)));

        AssertReused(afterUnrelatedEdit, AllSteps);
        AssertOutputs(afterUnrelatedEdit, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);

        GeneratorRunResult afterRename = Rerun(driver, Replace(compilation, 1, secondPart.Replace("\"second\"", "\"renamed\"", StringComparison.Ordinal)));

        Assert.Equal(IncrementalStepRunReason.Modified, OutputsByFile(afterRename)["Agents.SplitAgent.TrackedAgents.g.cs"]);
        string text = afterRename.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("\"renamed\"", text, StringComparison.Ordinal);
        Assert.Contains("\"first\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_hold_no_symbols_syntax_locations_or_compilations()
    {
        (GeneratorDriver driver, _) = FirstRun(Agent);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        foreach (string step in AllSteps)
        {
            foreach (IncrementalGeneratorRunStep run in result.TrackedSteps[step])
            {
                foreach ((object value, _) in run.Outputs)
                {
                    AssertNoRoslynObjects(value, new HashSet<object>(ReferenceEqualityComparer.Instance), step);
                }
            }
        }
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation) FirstRun(params string[] sources)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(sources);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(compilation, trackSteps: true).RunGenerators(compilation);
        Assert.Null(driver.GetRunResult().Results.Single().Exception);
        return (driver, compilation);
    }

    private static GeneratorRunResult Rerun(GeneratorDriver driver, CSharpCompilation compilation)
    {
        GeneratorRunResult result = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return result;
    }

    private static SyntaxTree Parse(string source) => CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions(), path: "Added" + Guid.NewGuid().ToString("N") + ".cs");

    private static CSharpCompilation Replace(CSharpCompilation compilation, string newFirstSource) => Replace(compilation, 0, newFirstSource);

    private static CSharpCompilation Replace(CSharpCompilation compilation, int index, string newSource)
    {
        SyntaxTree old = compilation.SyntaxTrees[index];
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(newSource, (CSharpParseOptions)old.Options, old.FilePath));
    }

    private static IncrementalStepRunReason[] Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();

    private static void AssertReused(GeneratorRunResult result, IEnumerable<string> steps)
    {
        foreach (string step in steps)
        {
            Assert.All(Reasons(result, step), reason =>
                Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}"));
        }
    }

    private static void AssertOutputs(GeneratorRunResult result, params IncrementalStepRunReason[] allowed)
    {
        IncrementalStepRunReason[] reasons = result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, reason => Assert.Contains(reason, allowed));
    }

    /// <summary>The reason of each source output step, by the file its input model writes.</summary>
    private static Dictionary<string, IncrementalStepRunReason> OutputsByFile(GeneratorRunResult result) =>
        result.TrackedOutputSteps.SelectMany(s => s.Value).ToDictionary(
            step => step.Inputs.Select(i => i.Source.Outputs[i.OutputIndex].Value).OfType<Model.TrackedTypeSpec>().Single().Type.HintName,
            step => step.Outputs.Single().Reason);

    private static void AssertNoRoslynObjects(object? value, HashSet<object> seen, string path)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
        {
            return;
        }

        Type type = value.GetType();
        Assert.False(
            type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) == true || value is ISymbol or SyntaxNode or Location or Compilation,
            $"{path} holds a {type.FullName}");
        if (value is IEnumerable items)
        {
            foreach (object? item in items)
            {
                AssertNoRoslynObjects(item, seen, path + "[]");
            }

            return;
        }

        foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoRoslynObjects(field.GetValue(value), seen, path + "." + field.Name);
        }
    }
}
