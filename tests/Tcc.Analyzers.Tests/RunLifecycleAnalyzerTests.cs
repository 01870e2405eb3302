using ContextCompany.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verifier = ContextCompany.Analyzers.Tests.Infrastructure.Verify<ContextCompany.Analyzers.RunLifecycleAnalyzer>;

namespace ContextCompany.Analyzers.Tests;

/// <summary>TCC001, TCC006, TCC008 and TCC009: the life of runs, steps and tool calls, over the control-flow graph.</summary>
public sealed class RunLifecycleAnalyzerTests
{
    // TCC001: End() without Prompt(...) on some path.
    [Theory]
    [InlineData("var r = Tcc.Run(); if (x) r.Prompt(p); {|#0:r.End()|};")]
    [InlineData("var r = Tcc.Run(); r.Response(\"15°C\"); {|#0:r.End()|};")]
    [InlineData("var r = client.Run(); while (x) { r.Prompt(p); x = false; } {|#0:r.End()|};")]
    [InlineData("var r = Tcc.Run(); try { r.Prompt(Compute()); } catch (Exception) { } {|#0:r.End()|};")]
    [InlineData("AgentRun r; r = Tcc.Run(sessionId: \"s\"); switch (p) { case \"a\": r.Prompt(p); break; default: break; } {|#0:r.End()|};")]
    public async Task End_without_a_prompt_on_some_path_is_reported(string statements) =>
        await Verifier.AnalyzerAsync(
            Code.Statements(statements),
            new DiagnosticResult("TCC001", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("'r' may be ended without a prompt: End() throws unless Prompt(...) was called on every path before it"));

    [Fact]
    public async Task Fluent_chain_that_ends_without_a_prompt_is_reported() =>
        await Verifier.AnalyzerAsync(Code.Statements("{|TCC001:Tcc.Run().Metadata(\"plan\", \"pro\").End()|};"));

    [Theory]
    [InlineData("var r = Tcc.Run(); r.Prompt(p); if (x) r.Metadata(\"plan\", \"pro\"); r.End();")]
    [InlineData("Tcc.Run().Prompt(p).Response(\"r\").End();")]
    [InlineData("var r = Tcc.Run().Prompt(p); r.End();")]
    [InlineData("var r = Tcc.Run(); if (x) { r.Prompt(p); } else { r.Prompt(\"other\"); } r.End();")]
    [InlineData("var r = Tcc.Run(); SetPrompt(r); r.End();")]
    [InlineData("var r = Tcc.Run(); r.Error(\"failed before the prompt was known\");")]
    [InlineData("var r = Tcc.Run(); try { r.Prompt(p); r.End(); } catch (Exception e) { r.Error(e.Message); }")]
    [InlineData("given.End();")]
    [InlineData("for (int i = 0; i < 3; i++) { var r = Tcc.Run(); r.Prompt(p); r.End(); }")]
    [InlineData("var r = Tcc.Run(); r.Prompt(p); try { Use(p); } finally { r.End(); }")]
    public async Task Prompt_set_on_every_path_or_a_run_that_escapes_is_not_reported(string statements) =>
        await Verifier.AnalyzerAsync(Code.Statements(statements));

    // TCC006: used after End()/Error() on every path.
    [Theory]
    [InlineData("var r = Tcc.Run().Prompt(p); r.End(); {|#0:r.Response(\"late\")|};", "Response")]
    [InlineData("var r = Tcc.Run().Prompt(p); r.End(); {|#0:r.End()|};", "End")]
    [InlineData("var r = Tcc.Run(); r.Error(\"boom\"); {|#0:r.End()|};", "End")]
    [InlineData("var r = Tcc.Run().Prompt(p); if (x) { r.End(); } else { r.Error(); } {|#0:r.Metadata(\"k\", \"v\")|};", "Metadata")]
    public async Task Use_after_the_run_ended_on_every_path_is_reported(string statements, string member) =>
        await Verifier.AnalyzerAsync(
            Code.Statements(statements),
            new DiagnosticResult("TCC006", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage($"'r' has already ended on every path here: {member}() throws InvalidOperationException"));

    [Fact]
    public async Task Step_and_tool_call_setters_after_end_are_reported() =>
        await Verifier.AnalyzerAsync(Code.Statements("""
            var r = Tcc.Run().Prompt(p);
            var s = r.Step().Prompt("p").Response("r");
            s.End();
            {|TCC006:s.Tokens(completion: 3)|};
            var t = r.ToolCall("search");
            t.End();
            {|TCC006:t.Result("{}")|};
            r.End();
            """));

    [Theory]
    [InlineData("var r = Tcc.Run().Prompt(p); if (x) r.End(); r.Metadata(\"k\", \"v\");")]
    [InlineData("var r = Tcc.Run().Prompt(p); r.End(); await r.FeedbackAsync(FeedbackScore.ThumbsUp); Use(r.RunId);")]
    [InlineData("var r = Tcc.Run().Prompt(p); r.End(); var s = r.Step().Prompt(\"p\").Response(\"r\"); s.End();")]
    public async Task Use_after_end_on_some_path_or_getters_and_feedback_are_not_reported(string statements) =>
        await Verifier.AnalyzerAsync(Code.Statements(statements));

    // TCC008: never ended, errored, returned, stored or passed on.
    [Fact]
    public async Task Run_never_ended_is_reported_at_its_creation() =>
        await Verifier.AnalyzerAsync(
            Code.Statements("var r = {|#0:Tcc.Run()|}; r.Prompt(p).Metadata(\"plan\", \"pro\");"),
            new DiagnosticResult("TCC008", DiagnosticSeverity.Info).WithLocation(0)
                .WithMessage("'r' is never ended, errored, returned, stored or passed on: it is never sent"));

    [Theory]
    [InlineData("{|#0:Tcc.Run()|}.Prompt(p);")]
    [InlineData("var r = Tcc.Run().Prompt(p); var s = {|#0:r.Step()|}; s.Prompt(\"p\"); r.End();")]
    [InlineData("var t = {|#0:Tcc.ToolCall(\"run-1\", \"search\")|}; t.Args(\"{}\");")]
    public async Task Chains_steps_and_tool_calls_never_ended_are_reported(string statements) =>
        await Verifier.AnalyzerAsync(Code.Statements(statements), new DiagnosticResult("TCC008", DiagnosticSeverity.Info).WithLocation(0));

    [Theory]
    [InlineData("var r = Tcc.Run(); Use(r);")]
    [InlineData("var r = Tcc.Run(); _stored = r;")]
    [InlineData("var r = Tcc.Run(); Action a = () => r.End();")]
    [InlineData("var r = Tcc.Run().Prompt(p); if (x) r.End();")]
    [InlineData("var r = Tcc.Run(); r.Error();")]
    [InlineData("var list = new List<AgentRun>(); var r = Tcc.Run(); list.Add(r);")]
    public async Task Runs_ended_somewhere_or_escaping_are_not_reported(string statements) =>
        await Verifier.AnalyzerAsync(Code.Statements(statements));

    [Fact]
    public async Task Returned_run_is_not_reported() =>
        await Verifier.AnalyzerAsync(Code.Members("public AgentRun Start(string p) { var r = Tcc.Run(); r.Prompt(p); return r; }"));

    // TCC009: step ended without prompt or response, tool call without a name.
    [Theory]
    [InlineData("var s = r.Step(); s.Prompt(\"p\"); {|#0:s.End()|};", "s", "a response")]
    [InlineData("var s = r.Step(); s.Response(\"r\"); {|#0:s.End()|};", "s", "a prompt")]
    [InlineData("var s = Tcc.Step(r.RunId); {|#0:s.End()|};", "s", "a prompt and a response")]
    [InlineData("var t = r.ToolCall(); if (x) t.Name(\"search\"); {|#0:t.End()|};", "t", "a name")]
    [InlineData("{|#0:r.Step().Prompt(\"p\").End()|};", "step", "a response")]
    [InlineData("{|#0:r.ToolCall().Args(\"{}\").End()|};", "tool call", "a name")]
    public async Task Incomplete_step_or_tool_call_end_is_reported(string statements, string name, string missing) =>
        await Verifier.AnalyzerAsync(
            Code.Statements("var r = Tcc.Run().Prompt(p); " + statements + " r.End();"),
            new DiagnosticResult("TCC009", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage($"'{name}' may be ended without {missing}: End() throws unless it is set on every path before it"));

    [Theory]
    [InlineData("r.ToolCall(\"search\").End();")]
    [InlineData("var t = r.ToolCall(); t.Name(\"search\"); t.End();")]
    [InlineData("var t = r.ToolCall(); t.Error(\"timeout\");")]
    [InlineData("var s = r.Step().Prompt(\"p\"); s.Response(\"r\"); s.End();")]
    [InlineData("r.Step().Prompt(\"p\").Response(\"r\").Model(\"gpt\").End();")]
    [InlineData("var s = r.Step(); s.Error(\"rate limited\");")]
    public async Task Complete_steps_and_tool_calls_are_not_reported(string statements) =>
        await Verifier.AnalyzerAsync(Code.Statements("var r = Tcc.Run().Prompt(p); " + statements + " r.End();"));
}
