using ContextCompany.Analyzers.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;
using Verifier = ContextCompany.Analyzers.Tests.Infrastructure.Verify<ContextCompany.Analyzers.RunLifecycleAnalyzer>;

namespace ContextCompany.Analyzers.Tests;

/// <summary>
/// The lifecycle analysis decides methods of a simple shape over their operation tree and leaves the rest to
/// the control-flow graph: both ways report the same diagnostics, and the graph is built only when needed.
/// </summary>
public sealed class RunLifecycleFlowPathTests(ITestOutputHelper output)
{
    // Straight-line methods and their branching variants (if/else, try/catch, return, throw): the operation tree.
    public static TheoryData<string> OperationTreeShapes => new()
    {
        "var r = Tcc.Run(); r.Response(\"15°C\"); {|TCC001:r.End()|};",
        "var r = Tcc.Run(); if (x) { r.Prompt(p); } {|TCC001:r.End()|};",
        "var r = Tcc.Run(); if (x) { r.Prompt(p); } else { r.Prompt(\"other\"); } r.End();",
        "var r = Tcc.Run(); try { r.Prompt(Compute()); } catch (Exception) { } {|TCC001:r.End()|};",
        "var r = Tcc.Run(); if (x) { r.Prompt(p); r.End(); return; } {|TCC001:r.End()|};",
        "var r = Tcc.Run().Prompt(p); r.End(); {|TCC006:r.Response(\"late\")|};",
        "var r = Tcc.Run().Prompt(p); if (x) { r.End(); } else { r.Error(); } {|TCC006:r.Metadata(\"k\", \"v\")|};",
        "var r = Tcc.Run().Prompt(p); if (x) { r.End(); } r.Metadata(\"k\", \"v\"); r.End();",
        "var r = Tcc.Run().Prompt(p); try { r.End(); } catch (Exception e) { r.Error(e.Message); } {|TCC006:r.Response(\"late\")|};",
        "var r = Tcc.Run().Prompt(p); try { r.End(); } catch { } r.Response(\"late\");",
        "var r = Tcc.Run().Prompt(p); if (x) { r.End(); throw new InvalidOperationException(); } r.End();",
        "var r = {|TCC008:Tcc.Run()|}; r.Prompt(p).Metadata(\"plan\", \"pro\");",
        "var r = Tcc.Run().Prompt(p); var s = r.Step().Prompt(\"q\"); if (x) { s.Response(\"a\"); } {|TCC009:s.End()|}; r.End();",
        "var r = Tcc.Run().Prompt(p); var s = r.Step().Prompt(\"q\"); if (x) { s.Response(\"a\"); } else { s.Response(\"b\"); } s.End(); r.End();",
        "var r = Tcc.Run().Prompt(p); var t = r.ToolCall(); t.Args(\"{}\"); {|TCC009:t.End()|}; r.End();",
    };

    // The same diagnostics where the method has a shape the operation tree leaves to the graph.
    public static TheoryData<string> GraphShapes => new()
    {
        "var r = Tcc.Run(); while (x) { r.Prompt(p); x = false; } {|TCC001:r.End()|};",
        "var r = Tcc.Run(); if (x && p.Length > 0) { r.Prompt(p); } {|TCC001:r.End()|};",
        "var r = Tcc.Run(); Use(x ? p : \"other\"); {|TCC001:r.End()|};",
        "var r = Tcc.Run().Prompt(p); try { r.End(); } finally { Use(p); } {|TCC006:r.Response(\"late\")|};",
        "var r = Tcc.Run().Prompt(p); switch (p) { case \"a\": r.End(); break; default: r.Error(); break; } {|TCC006:r.Metadata(\"k\", \"v\")|};",
        "var r = Tcc.Run().Prompt(p); using (new System.IO.MemoryStream()) { r.End(); } {|TCC006:r.End()|};",
        "var r = Tcc.Run().Prompt(p); try { r.End(); } catch (Exception) when (x) { } {|TCC006:r.Response(\"late\")|};",
        "AgentRun r; r = {|TCC008:Tcc.Run()|}; r.Prompt(p);",
        "var r = Tcc.Run().Prompt(p); var s = r.Step().Prompt(\"q\"); foreach (char c in p) { s.Response(\"a\"); } {|TCC009:s.End()|}; r.End();",
    };

    [Theory]
    [MemberData(nameof(OperationTreeShapes))]
    public async Task Simple_shapes_are_decided_on_the_operation_tree_and_report_what_the_graph_reports(string statements)
    {
        FlowPaths.MethodResult method = FlowPaths.Analyze([TestSetup.WithoutMarkup(statements)], returnsString: false).Methods.Single();

        Assert.False(method.BuiltGraph);
        await Verifier.AnalyzerAsync(Code.Statements(statements));
        await Verifier.AnalyzerAsync(new RunLifecycleAnalyzer(operationTreeFirst: false), Code.Statements(statements));
    }

    [Theory]
    [MemberData(nameof(GraphShapes))]
    public async Task Other_shapes_fall_back_to_the_graph_and_report_the_same(string statements)
    {
        FlowPaths.MethodResult method = FlowPaths.Analyze([TestSetup.WithoutMarkup(statements)], returnsString: false).Methods.Single();

        Assert.True(method.BuiltGraph);
        await Verifier.AnalyzerAsync(Code.Statements(statements));
        await Verifier.AnalyzerAsync(new RunLifecycleAnalyzer(operationTreeFirst: false), Code.Statements(statements));
    }

    [Fact]
    public void A_typical_handler_with_a_branch_and_a_catch_is_decided_without_the_graph()
    {
        // The shape of the methods the analyzer benchmark compiles.
        const string Handler = """
            AgentRun run = Tcc.Run(sessionId: "s-1");
            run.Prompt(p).Metadata(("tcc.agent", "agent-1"), ("tcc.userId", "u"), ("tcc.userName", "Jane"));
            AgentStep step = run.Step().Prompt(p);
            if (x) { step.Response("cached"); } else { step.Response("fresh"); }
            step.End();
            run.ToolCall("lookup").Args("{}").Result("{}").End();
            try { run.Response("answer").End(); }
            catch (System.Exception e) { run.Error(e.Message); }
            await run.FeedbackAsync(FeedbackScore.ThumbsUp, "thanks");
            return run.RunId;
            """;

        FlowPaths.Analysis analysis = FlowPaths.Analyze([Handler]);

        Assert.Empty(analysis.CompilerErrors);
        Assert.False(analysis.Methods.Single().BuiltGraph);
        Assert.Empty(analysis.Methods.Single().Findings);
    }

    [Fact]
    public void Operation_tree_and_graph_report_the_same_for_generated_methods()
    {
        FlowPaths.Analysis analysis = FlowPaths.Analyze(FlowCorpus.Bodies(count: 600, seed: 20261129));
        IReadOnlyList<FlowPaths.MethodResult> methods = analysis.Methods;

        List<string> disagreements = methods
            .Where(m => !m.Findings.SequenceEqual(m.GraphFindings))
            .Select(m => $"{m.Method}: {m.Body}\n  operation tree: {string.Join("; ", m.Findings)}\n  graph: {string.Join("; ", m.GraphFindings)}")
            .ToList();
        List<FlowPaths.MethodResult> onTree = methods.Where(m => !m.BuiltGraph).ToList();
        output.WriteLine($"{methods.Count} methods, {onTree.Count} decided on the operation tree");

        Assert.Empty(analysis.CompilerErrors);
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements.Take(10)));
        Assert.Equal(600, methods.Count);
        Assert.InRange(onTree.Count, 150, 450); // both ways are exercised
        foreach (string rule in new[] { "EndWithoutPrompt", "UseAfterEnd", "NeverEnded", "Incomplete" })
        {
            Assert.Contains(onTree, m => m.Findings.Any(f => f.StartsWith(rule + " ", StringComparison.Ordinal)));
        }
    }
}
