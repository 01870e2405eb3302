using Microsoft.CodeAnalysis.CSharp;

namespace ContextCompany.Generators.Tests.Infrastructure;

/// <summary>One small program per shape the generator supports, for the snapshot and language-version tests.</summary>
public static class ShapeSources
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using ContextCompany;

        """;

    public static readonly IReadOnlyDictionary<string, (string Source, LanguageVersion Version)> All =
        new Dictionary<string, (string, LanguageVersion)>
        {
            ["Void"] = Member("""
                [TrackedAgent("support-agent")] public partial void Handle(string question);
                private void HandleCore(string question) { }
                """),
            ["String"] = Member("""
                [TrackedAgent("support-agent", Conversational = true, SystemPrompt = "You are a helpful \"weather\" agent.")]
                public partial string Answer([Prompt] string question, [SessionId] string? sessionId, [RunId] string? runId, [SystemPrompt] string? system);
                private string AnswerCore(string question, string? sessionId, string? runId, string? system) => question;
                """),
            ["FullInput"] = Member("""
                [TrackedAgent("support-agent")]
                public partial Task<string> AnswerAsync(string question, [FullInput] string? requestBody, CancellationToken cancellationToken);
                private Task<string> AnswerCoreAsync(string question, string? requestBody, CancellationToken cancellationToken) => Task.FromResult(question);

                [TrackedAgent(SystemPrompt = "Be brief.")]
                public partial string Forward(string question, [FullInput] object request);
                private string ForwardCore(string question, object request) => question;
                """),
            ["AnyValue"] = Member("""
                [TrackedAgent] internal partial Uri Resolve(string question, [Metadata("attempt")] int attempt, [Metadata("when")] DateTime? when);
                private Uri ResolveCore(string question, int attempt, DateTime? when) => new Uri("https://example.com");
                """),
            ["Task"] = Member("""
                [TrackedAgent] public partial Task SendAsync(string question, CancellationToken cancellationToken);
                private Task SendCoreAsync(string question, CancellationToken cancellationToken) => Task.CompletedTask;
                """),
            ["TaskOfString"] = Member("""
                [TrackedAgent("support-agent")]
                public partial Task<string> AnswerAsync([Prompt] string question, [Metadata("tcc.userId")] string userId, CancellationToken cancellationToken = default);
                private Task<string> AnswerCoreAsync(AgentRun run, string question, string userId, CancellationToken cancellationToken) => Task.FromResult(question);
                """),
            ["ValueTask"] = Member("""
                [TrackedAgent] public partial ValueTask NotifyAsync(string question);
                private ValueTask NotifyCoreAsync(string question) => default;
                """),
            ["ValueTaskOfInt"] = Member("""
                [TrackedAgent] public partial ValueTask<int> ScoreAsync(string question);
                private ValueTask<int> ScoreCoreAsync(string question) => new ValueTask<int>(question.Length);
                """),
            ["Enumerable"] = Member("""
                [TrackedAgent] public partial IEnumerable<string> Lines(string question);
                private IEnumerable<string> LinesCore(string question) { yield return question; }
                """),
            ["AsyncEnumerable"] = Member("""
                [TrackedAgent("streamer")] public partial IAsyncEnumerable<string> StreamAsync(string question, CancellationToken cancellationToken = default);
                private async IAsyncEnumerable<string> StreamCoreAsync(string question, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    yield return question;
                }
                """),
            ["AsyncEnumerableWithDeclaredCancellation"] = Member("""
                [TrackedAgent] public partial IAsyncEnumerable<string?> StreamAsync(string question, [EnumeratorCancellation] CancellationToken cancellationToken);
                private async IAsyncEnumerable<string?> StreamCoreAsync(string question, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    yield return null;
                }
                """),
            ["AsyncEnumerableWithoutToken"] = Member("""
                [TrackedAgent] public partial IAsyncEnumerable<string> StreamAsync(string question);
                private async IAsyncEnumerable<string> StreamCoreAsync(string question)
                {
                    await Task.Yield();
                    yield return question;
                }
                """),
            ["StaticGenericWithConstraints"] = Member("""
                [TrackedAgent] public static partial string Pick<TItem, TKey>(string question, [Metadata("key")] TKey key, TItem item)
                    where TItem : class, IComparable<TItem>, new()
                    where TKey : struct;
                private static string PickCore<TItem, TKey>(string question, TKey key, TItem item)
                    where TItem : class, IComparable<TItem>, new()
                    where TKey : struct => question;
                """),
            ["ParamsAndKeywordNames"] = Member("""
                [TrackedAgent(Implementation = nameof(Combine))] public partial string Join(string @class, [Metadata("n")] long @event, params int[] @params);
                private string Combine(string @class, long @event, int[] @params) => @class;
                """),
            ["NestedGenericTypes"] = ("""
                using ContextCompany;
                namespace Agents
                {
                    public static partial class Outer
                    {
                        internal partial class Inner<T> where T : notnull
                        {
                            [TrackedAgent] public partial string Describe(string question, [Metadata("item")] T item);
                            private string DescribeCore(string question, T item) => question;
                        }
                    }
                }
                """, LanguageVersion.Latest),
            ["StructAndRecords"] = ("""
                using ContextCompany;
                namespace Agents;
                public readonly partial record struct Point(int X)
                {
                    [TrackedAgent] public partial string Where(string question);
                    private string WhereCore(string question) => question;
                }
                """, LanguageVersion.Latest),
            ["GlobalNamespace"] = ("""
                using ContextCompany;
                public partial class GlobalAgent
                {
                    [TrackedAgent] public partial string Answer(string question);
                    private string AnswerCore(string question) => question;
                }
                """, LanguageVersion.Latest),
            ["CSharp8PartialVoid"] = ("""
                using ContextCompany;
                namespace Agents
                {
                    public partial class Legacy
                    {
                        [TrackedAgent("legacy")] partial void Handle(string question, [Metadata("tenant")] string tenant);
                        private void HandleCore(string question, string tenant) { }
                        public void Call() => Handle("q", "t");
                    }
                }
                """, LanguageVersion.CSharp8),
            ["NoImplementation"] = Member("""
                [TrackedAgent] public partial Task<string> AnswerAsync(string question);
                """),
            ["RefParameter"] = Member("""
                [TrackedAgent] public partial string Answer(string question, out int tokens);
                private string AnswerCore(string question, out int tokens) { tokens = 0; return question; }
                """),
            ["NoPrompt"] = Member("""
                [TrackedAgent] public partial string Answer(string first, string second);
                private string AnswerCore(string first, string second) => first;
                """),
        };

    private static (string, LanguageVersion) Member(string members) =>
        (Usings + "namespace Agents;\n\npublic partial class SupportAgent\n{\n" + Indent(members) + "}\n", LanguageVersion.Latest);

    private static string Indent(string text) =>
        string.Concat(text.Split('\n').Select(line => line.Length == 0 ? "\n" : "    " + line + "\n"));
}
