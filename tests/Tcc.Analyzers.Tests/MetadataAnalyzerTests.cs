using ContextCompany.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verifier = ContextCompany.Analyzers.Tests.Infrastructure.Verify<ContextCompany.Analyzers.MetadataAnalyzer>;

namespace ContextCompany.Analyzers.Tests;

/// <summary>TCC002, TCC003 and TCC007 on metadata written as constants.</summary>
public sealed class MetadataAnalyzerTests
{
    // TCC007: unknown tcc.* keys.
    [Theory]
    [InlineData("r.Metadata({|#0:\"tcc.userID\"|}, \"u\");", "tcc.userID", "; did you mean 'tcc.userId'?")]
    [InlineData("r.Metadata(({|#0:\"tcc.user_id\"|}, \"u\"));", "tcc.user_id", "; did you mean 'tcc.userId'?")]
    [InlineData("r.Metadata(new Dictionary<string, string> { [{|#0:\"TCC.Agent\"|}] = \"a\" });", "TCC.Agent", "; did you mean 'tcc.agent'?")]
    [InlineData("r.Metadata(new Dictionary<string, string> { { {|#0:\"tcc.custom\"|}, \"a\" } });", "tcc.custom", "")]
    public async Task Unknown_reserved_keys_are_reported_with_the_intended_key(string statement, string key, string hint) =>
        await Verifier.AnalyzerAsync(
            Code.Statements("var r = Tcc.Run().Prompt(p); " + statement + " r.End();"),
            new DiagnosticResult("TCC007", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage($"'{key}' is in the reserved 'tcc.' namespace but is not a key the service recognizes, so it is dropped{hint}"));

    [Fact]
    public async Task Unknown_key_on_a_Metadata_parameter_is_reported() =>
        await Verifier.AnalyzerAsync(Code.Members("""
            [TrackedAgent] public partial string Answer(string question, [{|TCC007:Metadata("tcc.tenant")|}] string tenant);
            private string AnswerCore(string question, string tenant) => question;
            """));

    [Theory]
    [InlineData("r.Metadata(\"tcc.userId\", \"u\");")]
    [InlineData("r.Metadata(\"tccx.userID\", \"u\");")]
    [InlineData("r.Metadata(\"plan\", \"pro\");")]
    [InlineData("r.Metadata(\"tcc.\" + p, \"u\");")]
    [InlineData("string key = Compute(); r.Metadata(key, \"u\");")]
    public async Task Recognized_keys_and_keys_built_at_run_time_are_not_reported(string statement) =>
        await Verifier.AnalyzerAsync(Code.Statements("var r = Tcc.Run().Prompt(p); " + statement + " r.End();"));

    // TCC002: reserved agent names as constant tcc.agent values.
    [Theory]
    [InlineData("r.Metadata(\"tcc.agent\", {|#0:\"runs\"|});", "runs")]
    [InlineData("r.Metadata((TccMetadataKeys.Agent, {|#0:\" Settings \"|}));", " Settings ")]
    [InlineData("r.Metadata(new Dictionary<string, string> { [\"tcc.agent\"] = {|#0:\"mcp-and-api\"|} });", "mcp-and-api")]
    public async Task Reserved_agent_names_are_reported(string statement, string name) =>
        await Verifier.AnalyzerAsync(
            Code.Statements("var r = Tcc.Run().Prompt(p); " + statement + " r.End();"),
            new DiagnosticResult("TCC002", DiagnosticSeverity.Error).WithLocation(0)
                .WithMessage($"'{name}' is a reserved dashboard route: the service drops it as an agent name; choose another name"));

    [Theory]
    [InlineData("r.Metadata(\"tcc.agent\", \"runs-bot\");")]
    [InlineData("r.Metadata(\"tcc.agent\", \"support-agent\");")]
    [InlineData("r.Metadata(\"agent\", \"runs\");")]
    [InlineData("r.Metadata(\"tcc.agent\", p);")]
    public async Task Other_agent_names_are_not_reported(string statement) =>
        await Verifier.AnalyzerAsync(Code.Statements("var r = Tcc.Run().Prompt(p); " + statement + " r.End();"));

    // TCC003: names without their IDs.
    [Theory]
    [InlineData("r.Metadata({|#0:\"tcc.userName\"|}, \"Jane\");", "tcc.userName", "tcc.userId")]
    [InlineData("r.Metadata(({|#0:TccMetadataKeys.OrgName|}, \"Acme\"), (\"tcc.userId\", \"u\"));", "tcc.orgName", "tcc.orgId")]
    [InlineData("var d = new Dictionary<string, string> { [{|#0:\"tcc.userName\"|}] = \"Jane\" }; r.Metadata(d);", "tcc.userName", "tcc.userId")]
    [InlineData("r.Metadata(\"tcc.orgId\", \"o\"); r.Metadata({|#0:\"tcc.userName\"|}, \"Jane\");", "tcc.userName", "tcc.userId")]
    public async Task Name_without_its_id_on_the_same_run_is_reported(string statements, string name, string id) =>
        await Verifier.AnalyzerAsync(
            Code.Statements("var r = Tcc.Run().Prompt(p); " + statements + " r.End();"),
            new DiagnosticResult("TCC003", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage($"'{name}' is set without '{id}' on the same run: the service drops the name unless the ID is set too"));

    [Theory]
    [InlineData("(\"tcc.userName\", \"Jane\"), (\"tcc.userId\", \"u\"), ({|#0:\"tcc.orgName\"|}, \"Acme\")", "tcc.orgName", "tcc.orgId")]
    [InlineData("({|#0:\"tcc.userName\"|}, \"Jane\"), (\"tcc.orgName\", \"Acme\"), (\"tcc.orgId\", \"o\")", "tcc.userName", "tcc.userId")]
    public async Task Each_name_needs_its_own_id_in_the_same_call(string pairs, string name, string id) =>
        await Verifier.AnalyzerAsync(
            Code.Statements("var r = Tcc.Run().Prompt(p); r.Metadata(" + pairs + "); r.End();"),
            new DiagnosticResult("TCC003", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage($"'{name}' is set without '{id}' on the same run: the service drops the name unless the ID is set too"));

    [Fact]
    public async Task Name_on_one_run_and_id_on_another_is_reported() =>
        await Verifier.AnalyzerAsync(Code.Statements("""
            var first = Tcc.Run().Prompt(p);
            var second = Tcc.Run().Prompt(p);
            first.Metadata({|TCC003:"tcc.userName"|}, "Jane");
            second.Metadata("tcc.userId", "u");
            first.End();
            second.End();
            """));

    [Fact]
    public async Task Name_on_a_received_run_without_its_id_in_the_method_is_reported() =>
        await Verifier.AnalyzerAsync(Code.Statements("given.Metadata({|TCC003:\"tcc.orgName\"|}, \"Acme\");"));

    [Fact]
    public async Task Metadata_parameter_name_without_an_id_parameter_is_reported() =>
        await Verifier.AnalyzerAsync(Code.Members("""
            [TrackedAgent] public partial string Answer(string question, [{|TCC003:Metadata(TccMetadataKeys.UserName)|}] string userName);
            private string AnswerCore(string question, string userName) => question;
            """));

    [Theory]
    [InlineData("r.Metadata(\"tcc.userName\", \"Jane\"); r.Metadata(\"tcc.userId\", \"u\");")]
    [InlineData("r.Metadata(new Dictionary<string, string> { [\"tcc.orgName\"] = \"Acme\", [\"tcc.orgId\"] = \"o\" });")]
    [InlineData("r.Metadata((\"tcc.userName\", \"Jane\"), (\"tcc.userId\", \"u\"));")]
    [InlineData("Tcc.Run().Prompt(p).Metadata(\"tcc.userId\", \"u\").Metadata(\"tcc.userName\", \"Jane\").End();")]
    [InlineData("r.Metadata(p, \"Jane\");")]
    public async Task Name_with_its_id_on_the_same_run_is_not_reported(string statements) =>
        await Verifier.AnalyzerAsync(Code.Statements("var r = Tcc.Run().Prompt(p); " + statements + " r.End();"));

    // The method is all its code: lambdas and local functions in it, and even a default value that does not compile.
    [Theory]
    [InlineData("void M() { F.Metadata(\"tcc.userName\", \"Jane\"); Action a = () => F.Metadata(\"tcc.userId\", \"u\"); }")]
    [InlineData("void M() { void Identify() => F.Metadata(\"tcc.userId\", \"u\"); F.Metadata(\"tcc.userName\", \"Jane\"); }")]
    [InlineData("void M(AgentRun r = {|CS1736:F.Metadata(\"tcc.userId\", \"u\")|}) { F.Metadata(\"tcc.userName\", \"Jane\"); }")]
    public async Task Name_with_its_id_anywhere_in_the_same_method_is_not_reported(string method) =>
        await Verifier.AnalyzerAsync(Code.Members("private static readonly AgentRun F = Tcc.Run(); " + method));

    [Fact]
    public async Task Name_and_id_set_in_different_methods_are_reported() =>
        await Verifier.AnalyzerAsync(Code.Members("""
            private static readonly AgentRun F = Tcc.Run();
            void Name() => F.Metadata({|TCC003:"tcc.userName"|}, "Jane");
            void Id() => F.Metadata("tcc.userId", "u");
            """));

    [Fact]
    public async Task Metadata_parameter_org_name_with_only_the_user_id_is_reported() =>
        await Verifier.AnalyzerAsync(Code.Members("""
            [TrackedAgent] public partial string Answer(string question, [Metadata("tcc.userId")] string id, [{|TCC003:Metadata(TccMetadataKeys.OrgName)|}] string org);
            private string AnswerCore(string question, string id, string org) => question;
            """));

    [Theory]
    [InlineData("tcc.userId", "tcc.userName")]
    [InlineData("tcc.orgId", "tcc.orgName")]
    public async Task Metadata_parameters_with_both_keys_are_not_reported(string idKey, string nameKey) =>
        await Verifier.AnalyzerAsync(Code.Members($"""
            [TrackedAgent] public partial string Answer(string question, [Metadata("{idKey}")] string id, [Metadata("{nameKey}")] string name);
            private string AnswerCore(string question, string id, string name) => question;
            """));
}
