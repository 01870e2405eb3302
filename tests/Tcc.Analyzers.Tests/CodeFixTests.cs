using ContextCompany.Analyzers.CodeFixes;
using ContextCompany.Analyzers.Tests.Infrastructure;
using Xunit;

namespace ContextCompany.Analyzers.Tests;

/// <summary>Every code fix, before and after; the cases with several diagnostics also prove Fix All in the document.</summary>
public sealed class CodeFixTests
{
    [Fact]
    public async Task TCC004_invalid_scores_become_the_closest_valid_score_everywhere() =>
        await VerifyFix<FeedbackAnalyzer, ReplaceLiteralCodeFixProvider>.CodeFixAsync(
            Code.Statements("""
                await Tcc.SubmitFeedbackAsync("run-1", {|TCC004:"Thumbs_Up"|});
                await Tcc.SubmitFeedbackAsync("run-2", {|TCC004:"thumbsDown"|}, "wrong");
                await client.SubmitFeedbackAsync("run-3", {|TCC004:"up"|});
                """),
            Code.Statements("""
                await Tcc.SubmitFeedbackAsync("run-1", "thumbs_up");
                await Tcc.SubmitFeedbackAsync("run-2", "thumbs_down", "wrong");
                await client.SubmitFeedbackAsync("run-3", "thumbs_up");
                """));

    [Theory]
    [InlineData("bad", "thumbs_down")]
    [InlineData("-1", "thumbs_down")]
    [InlineData("THUMBS-DOWN", "thumbs_down")]
    [InlineData("like", "thumbs_up")]
    public void TCC004_closest_score(string score, string expected) =>
        Assert.Equal(expected, ReplaceLiteralCodeFixProvider.ClosestFeedbackScore(score));

    [Fact]
    public async Task TCC007_unknown_keys_become_the_intended_reserved_keys_everywhere() =>
        await VerifyFix<MetadataAnalyzer, ReplaceLiteralCodeFixProvider>.CodeFixAsync(
            Code.Statements("""
                var r = Tcc.Run().Prompt(p);
                r.Metadata({|TCC007:"tcc.userID"|}, "u");
                r.Metadata(({|TCC007:"tcc.org_id"|}, "o"));
                r.Metadata(new Dictionary<string, string> { [{|TCC007:"TCC.Agent"|}] = "support-agent" });
                r.End();
                """),
            Code.Statements("""
                var r = Tcc.Run().Prompt(p);
                r.Metadata("tcc.userId", "u");
                r.Metadata(("tcc.orgId", "o"));
                r.Metadata(new Dictionary<string, string> { ["tcc.agent"] = "support-agent" });
                r.End();
                """));

    [Fact]
    public async Task TCC007_without_an_intended_key_offers_no_fix() =>
        await VerifyFix<MetadataAnalyzer, ReplaceLiteralCodeFixProvider>.CodeFixAsync(
            Code.Statements("var r = Tcc.Run().Prompt(p); r.Metadata({|TCC007:\"tcc.tenant\"|}, \"t\"); r.End();"),
            Code.Statements("var r = Tcc.Run().Prompt(p); r.Metadata({|TCC007:\"tcc.tenant\"|}, \"t\"); r.End();"));

    [Fact]
    public async Task TCC003_adds_the_missing_id_in_the_same_form() =>
        await VerifyFix<MetadataAnalyzer, AddMissingIdKeyCodeFixProvider>.CodeFixAsync(
            Code.Statements("""
                var a = Tcc.Run().Prompt(p);
                a.Metadata({|TCC003:"tcc.userName"|}, "Jane");
                a.End();
                var b = Tcc.Run().Prompt(p);
                b.Metadata(({|TCC003:"tcc.orgName"|}, "Acme"));
                b.End();
                var c = Tcc.Run().Prompt(p);
                c.Metadata(new Dictionary<string, string> { [{|TCC003:"tcc.userName"|}] = "Jane" });
                c.End();
                var d = Tcc.Run().Prompt(p);
                d.Metadata(new Dictionary<string, string> { { {|TCC003:"tcc.orgName"|}, "Acme" } });
                d.End();
                """),
            Code.Statements("""
                var a = Tcc.Run().Prompt(p);
                a.Metadata("tcc.userName", "Jane").Metadata("tcc.userId", "");
                a.End();
                var b = Tcc.Run().Prompt(p);
                b.Metadata(("tcc.orgName", "Acme"), ("tcc.orgId", ""));
                b.End();
                var c = Tcc.Run().Prompt(p);
                c.Metadata(new Dictionary<string, string> { ["tcc.userName"] = "Jane", ["tcc.userId"] = "" });
                c.End();
                var d = Tcc.Run().Prompt(p);
                d.Metadata(new Dictionary<string, string> { { "tcc.orgName", "Acme" }, { "tcc.orgId", "" } });
                d.End();
                """));

    [Fact]
    public async Task TCC010_moves_bodies_into_implementation_methods_and_makes_the_types_partial() =>
        await VerifyFix<TrackedAgentAnalyzer, TrackedAgentCodeFixProvider>.CodeFixAsync(
            Code.Usings + """
                namespace Agents
                {
                    public class Agent
                    {
                        [TrackedAgent("support-agent")]
                        public async Task<string> {|TCC010:AnswerAsync|}([Prompt] string question, CancellationToken cancellationToken = default)
                        {
                            await Task.Delay(1, cancellationToken);
                            return question;
                        }

                        [TrackedAgent]
                        public static string {|TCC010:Echo|}(string text) => text;
                    }
                }
                """,
            Code.Usings + """
                namespace Agents
                {
                    public partial class Agent
                    {
                        [TrackedAgent("support-agent")]
                        public partial Task<string> AnswerAsync([Prompt] string question, CancellationToken cancellationToken = default);

                        private async Task<string> AnswerCoreAsync(string question, CancellationToken cancellationToken)
                        {
                            await Task.Delay(1, cancellationToken);
                            return question;
                        }

                        [TrackedAgent]
                        public static partial string Echo(string text);

                        private static string EchoCore(string text) => text;
                    }
                }
                """);

    [Fact]
    public async Task TCC011_adds_implementation_stubs() =>
        await VerifyFix<TrackedAgentAnalyzer, TrackedAgentCodeFixProvider>.CodeFixAsync(
            Code.Usings + """
                namespace Agents
                {
                    public partial class Agent
                    {
                        [TrackedAgent]
                        public partial Task<string> {|TCC011:AnswerAsync|}([Prompt] string question, params string[] context);

                        [TrackedAgent(Implementation = "Describe")]
                        internal static partial string {|TCC011:Explain|}<T>(string question, [Metadata("item")] T item) where T : class;
                    }
                }
                """,
            Code.Usings + """
                namespace Agents
                {
                    public partial class Agent
                    {
                        [TrackedAgent]
                        public partial Task<string> AnswerAsync([Prompt] string question, params string[] context);

                        private Task<string> AnswerCoreAsync(string question, string[] context) => throw new System.NotImplementedException();

                        [TrackedAgent(Implementation = "Describe")]
                        internal static partial string Explain<T>(string question, [Metadata("item")] T item) where T : class;

                        private static string Describe<T>(string question, T item) where T : class => throw new System.NotImplementedException();
                    }
                }
                """);
}
