using ContextCompany.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verifier = ContextCompany.Analyzers.Tests.Infrastructure.Verify<ContextCompany.Analyzers.TrackedAgentAnalyzer>;

namespace ContextCompany.Analyzers.Tests;

/// <summary>TCC002, TCC010-TCC013, TCC015 and TCC016 on [TrackedAgent] methods (with the generator's output in the compilation).</summary>
public sealed class TrackedAgentAnalyzerTests
{
    [Theory]
    [InlineData("[TrackedAgent] public string {|#0:Answer|}(string q) => q;", "is not partial")]
    [InlineData("[TrackedAgent] public partial string {|#0:Answer|}(string q); public partial string Answer(string q) => q;", "already has an implementing part")]
    public async Task Method_that_is_not_a_partial_declaration_is_reported(string members, string reason) =>
        await Verifier.AnalyzerAsync(
            Code.Members(members),
            new DiagnosticResult("TCC010", DiagnosticSeverity.Error).WithLocation(0)
                .WithMessage($"[TrackedAgent] method 'Answer' {reason}: make it a partial declaration without a body in partial types, and move the body to 'AnswerCore'"));

    [Fact]
    public async Task Method_that_is_not_a_partial_declaration_is_told_the_implementation_the_attribute_names() =>
        await Verifier.AnalyzerAsync(
            Code.Members("[TrackedAgent(Implementation = \"Describe\")] public string {|#0:Answer|}(string q) => q;"),
            new DiagnosticResult("TCC010", DiagnosticSeverity.Error).WithLocation(0)
                .WithMessage("[TrackedAgent] method 'Answer' is not partial: make it a partial declaration without a body in partial types, and move the body to 'Describe'"));

    [Fact]
    public async Task Method_in_a_type_that_is_not_partial_is_reported() =>
        await Verifier.AnalyzerAsync(
            Code.Usings + """
                namespace Agents
                {
                    public class Outer
                    {
                        public partial class Agent
                        {
                            [TrackedAgent] public partial string {|#0:Answer|}(string q);
                            private string AnswerCore(string q) => q;
                        }
                    }
                }
                """,
            new DiagnosticResult("TCC010", DiagnosticSeverity.Error).WithLocation(0)
                .WithMessage("[TrackedAgent] method 'Answer' is in type 'Outer', which is not partial: make it a partial declaration without a body in partial types, and move the body to 'AnswerCore'"),
            DiagnosticResult.CompilerError("CS8795").WithLocation(0));

    [Theory]
    [InlineData("[TrackedAgent] public partial Task<string> {|#0:AnswerAsync|}(string q);", "no implementation method 'AnswerCoreAsync' was found in 'Agent'")]
    [InlineData("[TrackedAgent] public partial string {|#0:Answer|}(string q); private string AnswerCore(int q) => \"\";", "'AnswerCore' does not match: it needs the same parameters (optionally after one AgentRun), return type, static-ness and type parameters")]
    [InlineData("[TrackedAgent] public partial string {|#0:Answer|}(string q); private static string AnswerCore(string q) => q;", "'AnswerCore' does not match: it needs the same parameters (optionally after one AgentRun), return type, static-ness and type parameters")]
    [InlineData("[TrackedAgent(Implementation = \"Missing\")] public partial string {|#0:Answer|}(string q); private string AnswerCore(string q) => q;", "no implementation method 'Missing' was found in 'Agent'")]
    public async Task Missing_or_mismatched_implementation_is_reported(string members, string problem) =>
        await Verifier.AnalyzerAsync(
            Code.Members(members),
            new DiagnosticResult("TCC011", DiagnosticSeverity.Error).WithLocation(0).WithMessage($"[TrackedAgent] method '{members.Split("{|#0:")[1].Split('|')[0]}': {problem}"));

    [Theory]
    [InlineData("[TrackedAgent] public partial string Answer(string q); private string AnswerCore(AgentRun run, string q) => q;")]
    [InlineData("[TrackedAgent(Implementation = nameof(Other))] public partial string Answer(string q); private string Other(string q) => q;")]
    [InlineData("[TrackedAgent] public partial string Answer(string q); private string AnswerCore(int q) => \"\"; private string AnswerCore(string q) => q;")]
    [InlineData("[TrackedAgent] public partial Task<string> AnswerAsync(string q, CancellationToken ct = default); private Task<string> AnswerCoreAsync(string q, CancellationToken ct) => Task.FromResult(q);")]
    [InlineData("[TrackedAgent] public static partial string Echo<T>(string q, T value) where T : struct; private static string EchoCore<T>(string q, T value) where T : struct => q;")]
    public async Task Matching_implementations_are_not_reported(string members) =>
        await Verifier.AnalyzerAsync(Code.Members(members));

    [Theory]
    [InlineData("public partial string {|#0:Answer|}(string a, string b); private string AnswerCore(string a, string b) => a;", "several string parameters could be the prompt; mark the prompt with [Prompt]")]
    [InlineData("public partial string {|#0:Answer|}(int count); private string AnswerCore(int count) => \"\";", "no string parameter carries the prompt; add one and mark it with [Prompt]")]
    [InlineData("public partial string {|#0:Answer|}([Prompt] int count); private string AnswerCore(int count) => \"\";", "the [Prompt] parameter must be a string")]
    [InlineData("public partial string {|#0:Answer|}([Prompt] string a, [Prompt] string b); private string AnswerCore(string a, string b) => a;", "several parameters are marked [Prompt]; mark exactly one")]
    public async Task Missing_or_ambiguous_prompt_is_reported(string members, string problem) =>
        await Verifier.AnalyzerAsync(
            Code.Members("[TrackedAgent] " + members),
            new DiagnosticResult("TCC012", DiagnosticSeverity.Error).WithLocation(0).WithMessage($"[TrackedAgent] method 'Answer': {problem}"));

    [Theory]
    [InlineData("public partial string Answer(string q, [SessionId] string s, [Metadata(\"plan\")] string plan); private string AnswerCore(string q, string s, string plan) => q;")]
    [InlineData("public partial string Answer([Prompt] string q, string other); private string AnswerCore(string q, string other) => q;")]
    [InlineData("public partial string Answer(string q, [FullInput] string request); private string AnswerCore(string q, string request) => q;")]
    [InlineData("public partial string Answer(string q, [FullInput] string a, [FullInput] object b); private string AnswerCore(string q, string a, object b) => q;")]
    public async Task Prompt_found_by_the_rule_is_not_reported(string members) =>
        await Verifier.AnalyzerAsync(Code.Members("[TrackedAgent] " + members));

    [Theory]
    [InlineData("public partial string {|#0:Answer|}(string q, out int tokens); private string AnswerCore(string q, out int tokens) { tokens = 0; return q; }", "parameter 'tokens' is passed by reference (ref, out or in)")]
    [InlineData("public partial string {|#0:Answer|}(string q, ref int tokens); private string AnswerCore(string q, ref int tokens) => q;", "parameter 'tokens' is passed by reference (ref, out or in)")]
    [InlineData("public partial string {|#0:Answer|}(string q, in int tokens); private string AnswerCore(string q, in int tokens) => q;", "parameter 'tokens' is passed by reference (ref, out or in)")]
    [InlineData("public partial ref int {|#0:Answer|}(string q); private ref int AnswerCore(string q) => throw null!;", "a tracked method cannot return by reference")]
    [InlineData("public partial string {|#0:Answer|}(string q, Span<char> buffer); private string AnswerCore(string q, Span<char> buffer) => q;", "parameter 'buffer' has a pointer or ref struct type")]
    public async Task Signatures_that_cannot_be_wrapped_are_reported(string members, string problem) =>
        await Verifier.AnalyzerAsync(
            Code.Members("[TrackedAgent] " + members),
            new DiagnosticResult("TCC013", DiagnosticSeverity.Error).WithLocation(0).WithMessage($"[TrackedAgent] method 'Answer' cannot be wrapped: {problem}"));

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("null")]
    public async Task Empty_agent_names_are_reported(string name) =>
        await Verifier.AnalyzerAsync(
            Code.Members($"[TrackedAgent({name})] public partial string {{|#0:Answer|}}(string q); private string AnswerCore(string q) => q;"),
            new DiagnosticResult("TCC015", DiagnosticSeverity.Error).WithLocation(0)
                .WithMessage("[TrackedAgent] method 'Answer' has an empty agent name: give a name, or use [TrackedAgent] without one"));

    [Theory]
    [InlineData("\"runs\"")]
    [InlineData("\"Feedback\"")]
    public async Task Reserved_agent_name_in_the_attribute_is_reported(string name) =>
        await Verifier.AnalyzerAsync(Code.Members($"[TrackedAgent({{|TCC002:{name}|}})] public partial string Answer(string q); private string AnswerCore(string q) => q;"));

    [Theory]
    [InlineData("[TrackedAgent] public partial string Answer(string q); private string AnswerCore(string q) => q;")]
    [InlineData("[TrackedAgent(\"runs-bot\")] public partial string Answer(string q); private string AnswerCore(string q) => q;")]
    public async Task Named_or_unnamed_agents_are_not_reported(string members) =>
        await Verifier.AnalyzerAsync(Code.Members(members));

    [Theory]
    [InlineData("Order", "Order")]
    [InlineData("Task<Order>", "Order")]
    [InlineData("ValueTask<Point>", "Point")]
    [InlineData("Point?", "Point")]
    public async Task Result_types_without_ToString_are_reported(string returnType, string shown) =>
        await Verifier.AnalyzerAsync(
            Code.Members($"[TrackedAgent] public partial {returnType} {{|#0:Find|}}(string q); private {returnType} FindCore(string q) => default!;"),
            new DiagnosticResult("TCC016", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage($"[TrackedAgent] method 'Find' returns '{shown}', which does not override ToString(): the recorded response would be its type name"));

    [Theory]
    [InlineData("Named")]
    [InlineData("Receipt")]
    [InlineData("Mood")]
    [InlineData("int")]
    [InlineData("string")]
    [InlineData("object")]
    [InlineData("IDisposable")]
    [InlineData("Task")]
    [InlineData("Task<decimal>")]
    [InlineData("Uri")]
    public async Task Result_types_with_a_useful_ToString_are_not_reported(string returnType) =>
        await Verifier.AnalyzerAsync(Code.Members($"[TrackedAgent] public partial {returnType} Find(string q); private {returnType} FindCore(string q) => default!;"));

    [Fact]
    public async Task Type_parameter_results_are_not_reported() =>
        await Verifier.AnalyzerAsync(Code.Members("[TrackedAgent] public partial T Find<T>(string q); private T FindCore<T>(string q) => default!;"));
}
