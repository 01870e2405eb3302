using ContextCompany.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using ApiKeyVerifier = ContextCompany.Analyzers.Tests.Infrastructure.Verify<ContextCompany.Analyzers.ApiKeyAnalyzer>;
using FeedbackVerifier = ContextCompany.Analyzers.Tests.Infrastructure.Verify<ContextCompany.Analyzers.FeedbackAnalyzer>;

namespace ContextCompany.Analyzers.Tests;

/// <summary>TCC004 and TCC005 on feedback calls, TCC014 on API keys in the source.</summary>
public sealed class FeedbackAndApiKeyAnalyzerTests
{
    [Theory]
    [InlineData("await Tcc.SubmitFeedbackAsync(\"run-1\", {|#0:\"Thumbs_Up\"|});", "Thumbs_Up")]
    [InlineData("await client.SubmitFeedbackAsync(\"run-1\", {|#0:\"thumbsdown\"|}, \"bad\");", "thumbsdown")]
    [InlineData("await Tcc.SubmitFeedbackAsync(\"run-1\", score: {|#0:\"\"|}, text: \"t\");", "")]
    [InlineData("await Tcc.SubmitFeedbackAsync(\"run-1\", {|#0:\"THUMBS_DOWN\"|}, null);", "THUMBS_DOWN")]
    public async Task Constant_invalid_scores_are_reported(string statement, string score) =>
        await FeedbackVerifier.AnalyzerAsync(
            Code.Statements(statement),
            new DiagnosticResult("TCC004", DiagnosticSeverity.Error).WithLocation(0)
                .WithMessage($"'{score}' is not a feedback score: use \"thumbs_up\" or \"thumbs_down\" (case-sensitive)"));

    [Theory]
    [InlineData("await Tcc.SubmitFeedbackAsync(\"run-1\", \"thumbs_up\");")]
    [InlineData("await Tcc.SubmitFeedbackAsync(\"run-1\", \"thumbs_down\", \"wrong\");")]
    [InlineData("await Tcc.SubmitFeedbackAsync(\"run-1\", (string?)null, \"only text\");")]
    [InlineData("await Tcc.SubmitFeedbackAsync(\"run-1\", p, \"score from a client\");")]
    [InlineData("await given.FeedbackAsync(FeedbackScore.ThumbsUp);")]
    public async Task Valid_or_run_time_scores_are_not_reported(string statement) =>
        await FeedbackVerifier.AnalyzerAsync(Code.Statements(statement));

    [Theory]
    [InlineData("await {|#0:given.FeedbackAsync()|};")]
    [InlineData("await {|#0:Tcc.SubmitFeedbackAsync(\"run-1\")|};")]
    [InlineData("await {|#0:Tcc.SubmitFeedbackAsync(\"run-1\", (string?)null, \"\")|};")]
    [InlineData("await {|#0:client.SubmitFeedbackAsync(\"run-1\", score: (string?)null, text: null)|};")]
    public async Task Feedback_without_score_or_text_is_reported(string statement) =>
        await FeedbackVerifier.AnalyzerAsync(
            Code.Statements(statement),
            new DiagnosticResult("TCC005", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("Feedback needs a score or a text: this call throws ArgumentException"));

    [Fact]
    public async Task Constant_text_over_2000_characters_is_reported() =>
        await FeedbackVerifier.AnalyzerAsync(
            Code.Statements($"await given.FeedbackAsync(text: {{|#0:\"{new string('x', 2001)}\"|}});"),
            new DiagnosticResult("TCC005", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("Feedback text is 2001 characters long; at most 2000 are accepted: this call throws ArgumentException"));

    [Theory]
    [InlineData("await given.FeedbackAsync(text: p);")]
    [InlineData("await given.FeedbackAsync(FeedbackScore.ThumbsDown, \"\");")]
    [InlineData("await Tcc.SubmitFeedbackAsync(\"run-1\", text: \"TEXT2000\");")]
    public async Task Feedback_with_a_score_a_run_time_text_or_2000_characters_is_not_reported(string statement) =>
        await FeedbackVerifier.AnalyzerAsync(Code.Statements(statement.Replace("TEXT2000", new string('x', 2000), StringComparison.Ordinal)));

    [Theory]
    [InlineData("var o = new TccOptions(); o.ApiKey = {|#0:\"tcc_live_0123456789\"|};")]
    [InlineData("var o = new TccOptions { ApiKey = {|#0:\"dev_0123\"|} };")]
    [InlineData("Tcc.Configure(o => o.ApiKey = {|#0:\"tcc_0123\"|});")]
    [InlineData("Environment.SetEnvironmentVariable(\"TCC_API_KEY\", {|#0:\"tcc_0123\"|});")]
    public async Task Hard_coded_api_keys_are_reported(string statement) =>
        await ApiKeyVerifier.AnalyzerAsync(
            Code.Statements(statement),
            new DiagnosticResult("TCC014", DiagnosticSeverity.Warning).WithLocation(0)
                .WithMessage("An API key is written in the source: read it from TCC_API_KEY or a secret store instead"));

    [Theory]
    [InlineData("Tcc.Configure(o => o.ApiKey = Environment.GetEnvironmentVariable(\"MY_KEY\"));")]
    [InlineData("var o = new TccOptions { ApiKey = p };")]
    [InlineData("var o = new TccOptions { ApiKey = \"sk-not-ours\", LocalPath = \"tcc_runs.jsonl\" };")]
    [InlineData("Environment.SetEnvironmentVariable(\"OTHER\", \"tcc_0123\");")]
    public async Task Keys_from_elsewhere_and_other_literals_are_not_reported(string statement) =>
        await ApiKeyVerifier.AnalyzerAsync(Code.Statements(statement));
}
