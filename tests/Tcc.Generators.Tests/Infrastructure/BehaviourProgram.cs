namespace ContextCompany.Generators.Tests.Infrastructure;

/// <summary>
/// A user program with a tracked method of every shape the generator supports, and a <c>Driver</c> that
/// calls them the way an application would. The behaviour tests compile it with the generator, load it
/// and assert on the runs that reach the runtime.
/// </summary>
public static class BehaviourProgram
{
    public const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Globalization;
        using System.Runtime.CompilerServices;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;
        using ContextCompany;

        namespace Shop
        {
            public enum Plan { Free, Pro }

            public sealed class EmptyMessageException : Exception
            {
                public EmptyMessageException() : base(string.Empty) { }
            }

            public sealed class Order
            {
                public Order(string id) => Id = id;
                public string Id { get; }
                public override string ToString() => "order " + Id;
            }

            public partial class Agents
            {
                public static readonly List<string> Trace = new List<string>();

                private static void Note(string what) { lock (Trace) { Trace.Add(what + "=" + (AgentRun.Current?.RunId ?? "none")); } }

                [TrackedAgent("support-agent", Conversational = true, SystemPrompt = "You are helpful.")]
                public partial string Answer([Prompt] string question, [SessionId] string? sessionId, [Metadata("tcc.userId")] string? userId,
                    [Metadata("plan")] Plan plan, [Metadata("vip")] bool vip, [Metadata("since")] DateTimeOffset since, [Metadata("score")] double score,
                    [Metadata("note")] int? note);

                private string AnswerCore(string question, string? sessionId, string? userId, Plan plan, bool vip, DateTimeOffset since, double score, int? note)
                {
                    Note("answer");
                    if (question.StartsWith("throw", StringComparison.Ordinal)) { throw new InvalidOperationException("boom: password=hunter2"); }
                    if (question.StartsWith("empty", StringComparison.Ordinal)) { throw new EmptyMessageException(); }
                    return "answer:" + question;
                }

                [TrackedAgent("async-agent")]
                public partial Task<string> AskAsync(string question, [SystemPrompt] string? system, [RunId] string? runId, CancellationToken cancellationToken);

                private async Task<string> AskCoreAsync(AgentRun run, string question, string? system, string? runId, CancellationToken cancellationToken)
                {
                    await Task.Delay(5, cancellationToken);
                    Note("ask");
                    if (question.StartsWith("end-self", StringComparison.Ordinal)) { run.Response("ended by the implementation").End(); }
                    if (question.StartsWith("error-self", StringComparison.Ordinal)) { run.Error("recorded by the implementation"); throw new InvalidOperationException("thrown after"); }
                    return "async:" + question;
                }

                [TrackedAgent("raw-agent")]
                public partial Task<string> ForwardAsync(string question, [FullInput] string? requestBody);
                private Task<string> ForwardCoreAsync(string question, string? requestBody) => Task.FromResult("forward:" + question);

                [TrackedAgent] public partial string Inspect(string question, [FullInput] Order? order);
                private string InspectCore(string question, Order? order) => "inspect:" + question;

                [TrackedAgent] public partial ValueTask<int> CountAsync(string text);
                private async ValueTask<int> CountCoreAsync(string text) { await Task.Yield(); return text.Length; }

                [TrackedAgent] public partial ValueTask FireAsync(string text);
                private async ValueTask FireCoreAsync(string text) { await Task.Yield(); Note("fire"); }

                [TrackedAgent] public partial Task DoAsync(string text);
                private Task DoCoreAsync(string text) => text.StartsWith("throw", StringComparison.Ordinal) ? Task.FromException(new TimeoutException("slow")) : Task.CompletedTask;

                [TrackedAgent] public partial void Log(string text);
                private void LogCore(string text) => Note("log");

                [TrackedAgent] public static partial Order Lookup(string text);
                private static Order LookupCore(string text) => new Order(text.Length.ToString(CultureInfo.InvariantCulture));

                [TrackedAgent("streamer")]
                public partial IAsyncEnumerable<string> StreamAsync(string question, CancellationToken cancellationToken = default);

                private async IAsyncEnumerable<string> StreamCoreAsync(string question, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    int n = 0;
                    foreach (string word in question.Split(' '))
                    {
                        await Task.Delay(1, cancellationToken);
                        Note("chunk");
                        if (word == "fail") { throw new InvalidOperationException("stream broke"); }
                        yield return (n++ == 0 ? string.Empty : " ") + word;
                    }
                }

                [TrackedAgent] public partial IEnumerable<string> Lines(string question);
                private IEnumerable<string> LinesCore(string question)
                {
                    foreach (string word in question.Split(' '))
                    {
                        Note("line");
                        if (word == "fail") { throw new FormatException("bad line"); }
                        yield return word + ";";
                    }
                }

                [TrackedAgent(Implementation = nameof(OuterImplementation))]
                public partial string Outer(string question);
                private string OuterImplementation(string question)
                {
                    Note("outer-before");
                    string inner = Inner("inner of " + question);
                    Note("outer-after");
                    return "outer(" + inner + ")";
                }

                [TrackedAgent] public partial string Inner(string question);
                private string InnerCore(string question) { Note("inner"); return "inner"; }

                [TrackedAgent] public partial string Echo<T>(string question, [Metadata("value")] T value) where T : IFormattable;
                private string EchoCore<T>(string question, T value) where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

                [TrackedAgent] public partial string Join([Metadata("first")] string first, [Prompt] string question, params string[] parts);
                private string JoinCore(string first, string question, string[] parts) => string.Join("+", parts);
            }

            public partial struct StructAgent
            {
                [TrackedAgent] public partial string Reply(string question);
                private string ReplyCore(string question) => "struct:" + question;
            }

            public partial record RecordAgent(string Name)
            {
                [TrackedAgent] public partial string Reply(string question);
                private string ReplyCore(string question) => Name + ":" + question;
            }

            public partial class Box<TItem> where TItem : notnull
            {
                [TrackedAgent] public partial string Describe(string question, [Metadata("item")] TItem item);
                private string DescribeCore(string question, TItem item) => "box:" + item;
            }

            public partial struct StreamingStruct<TTag>
            {
                public string Prefix;

                [TrackedAgent] public partial IAsyncEnumerable<string> ShoutAsync(string question, [Metadata("tag")] TTag tag, CancellationToken cancellationToken);
                private async IAsyncEnumerable<string> ShoutCoreAsync(string question, TTag tag, [EnumeratorCancellation] CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    yield return Prefix + question.ToUpperInvariant();
                }
            }

            public static partial class StreamingExtensions
            {
                // The implementation's name is one of the runtime stream's own members; a parameter is named as another.
                [TrackedAgent(Implementation = nameof(Chunks))] public static partial IAsyncEnumerable<string> Words<TPart>(TPart[] parts, [Prompt] string question, string Current) where TPart : IFormattable;
                private static async IAsyncEnumerable<string> Chunks<TPart>(TPart[] parts, string question, string Current) where TPart : IFormattable
                {
                    foreach (TPart part in parts)
                    {
                        await Task.Yield();
                        yield return part.ToString(null, CultureInfo.InvariantCulture) + Current;
                    }
                }

                [TrackedAgent] public static partial IAsyncEnumerable<string> WithRunAsync(string question);
                private static async IAsyncEnumerable<string> WithRunCoreAsync(AgentRun run, string question)
                {
                    await Task.Yield();
                    yield return run.RunId == AgentRun.Current?.RunId ? "the run it was given is current" : "another run";
                }
            }

            public static partial class Outside
            {
                public partial class Nested
                {
                    [TrackedAgent("nested")] public static partial string Hello(string question);
                    private static string HelloCore(string question) => "hello:" + question;
                }
            }

            public static class Driver
            {
                public static string Answer(string prompt) =>
                    new Agents().Answer(prompt, "session-7", "user-1", Plan.Pro, true, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), 1.5, null);

                public static string AnswerNoUser(string prompt) =>
                    new Agents().Answer(prompt, null, null, Plan.Free, false, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), 0.25, 42);

                public static string AnswerThrows(string prompt)
                {
                    try { new Agents().Answer(prompt, null, null, Plan.Free, false, default, 0, null); return "no exception"; }
                    catch (Exception e) { return e.GetType().Name + "|" + e.Message + "|" + e.StackTrace; }
                }

                public static Task<string> Ask(string prompt, string? system, string? runId) => new Agents().AskAsync(prompt, system, runId, CancellationToken.None);

                public static async Task<string> AskThrows(string prompt)
                {
                    try { await new Agents().AskAsync(prompt, null, null, CancellationToken.None); return "no exception"; }
                    catch (Exception e) { return e.GetType().Name + "|" + e.Message; }
                }

                public static async Task<string> AskCanceled(string prompt)
                {
                    using CancellationTokenSource cts = new CancellationTokenSource();
                    cts.Cancel();
                    try { await new Agents().AskAsync(prompt, null, null, cts.Token); return "no exception"; }
                    catch (OperationCanceledException e) { return e.GetType().Name; }
                }

                public static Task<string> Forward(string prompt, string? requestBody) => new Agents().ForwardAsync(prompt, requestBody);

                public static string Inspect(string prompt) => new Agents().Inspect(prompt, new Order("42"));

                public static async Task<string> Count(string prompt) => (await new Agents().CountAsync(prompt)).ToString(CultureInfo.InvariantCulture);

                public static async Task<string> Fire(string prompt) { await new Agents().FireAsync(prompt); return "fired"; }

                public static async Task<string> Do(string prompt)
                {
                    try { await new Agents().DoAsync(prompt); return "done"; }
                    catch (TimeoutException e) { return "timeout:" + e.Message; }
                }

                public static string Log(string prompt) { new Agents().Log(prompt); return "logged"; }

                public static string Lookup(string prompt) => Agents.Lookup(prompt).ToString();

                public static async Task<string> Stream(string prompt)
                {
                    StringBuilder seen = new StringBuilder();
                    await foreach (string chunk in new Agents().StreamAsync(prompt))
                    {
                        seen.Append('[').Append(chunk).Append(']');
                        seen.Append(AgentRun.Current == null ? "" : "(caller saw the run)");
                    }
                    return seen.ToString();
                }

                public static async Task<string> StreamTwo(string prompt)
                {
                    int n = 0;
                    await foreach (string chunk in new Agents().StreamAsync(prompt))
                    {
                        if (++n == 2) { break; }
                    }
                    return n.ToString(CultureInfo.InvariantCulture);
                }

                public static async Task<string> StreamThrows(string prompt)
                {
                    StringBuilder seen = new StringBuilder();
                    try
                    {
                        await foreach (string chunk in new Agents().StreamAsync(prompt)) { seen.Append(chunk); }
                        return "no exception";
                    }
                    catch (InvalidOperationException e) { return seen + "|" + e.Message; }
                }

                public static async Task<string> StreamCanceled(string prompt)
                {
                    using CancellationTokenSource cts = new CancellationTokenSource();
                    try
                    {
                        await foreach (string chunk in new Agents().StreamAsync(prompt).WithCancellation(cts.Token)) { cts.Cancel(); }
                        return "no exception";
                    }
                    catch (OperationCanceledException) { return "canceled"; }
                }

                public static string StreamNeverEnumerated(string prompt) { new Agents().StreamAsync(prompt); return "created"; }

                public static async Task<string> StreamTwice(string prompt)
                {
                    IAsyncEnumerable<string> stream = new Agents().StreamAsync(prompt);
                    await foreach (string chunk in stream) { }
                    await foreach (string chunk in stream) { }
                    return "twice";
                }

                public static string Lines(string prompt) => string.Join("", new Agents().Lines(prompt));

                public static string LinesThrows(string prompt)
                {
                    StringBuilder seen = new StringBuilder();
                    try { foreach (string line in new Agents().Lines(prompt)) { seen.Append(line); } return "no exception"; }
                    catch (FormatException e) { return seen + "|" + e.Message; }
                }

                public static string LinesFirst(string prompt) { foreach (string line in new Agents().Lines(prompt)) { return line + (AgentRun.Current == null ? "" : "(caller saw the run)"); } return "none"; }

                public static string Outer(string prompt) => new Agents().Outer(prompt) + "|after=" + (AgentRun.Current?.RunId ?? "none");

                public static string Echo(string prompt) => new Agents().Echo(prompt, 2.5m);

                public static string Join(string prompt) => new Agents().Join("first", prompt, "a", "b", "c");

                public static string Struct(string prompt) => new StructAgent().Reply(prompt);

                public static string Record(string prompt) => new RecordAgent("rec").Reply(prompt);

                public static string Box(string prompt) => new Box<Guid>().Describe(prompt, Guid.Empty);

                public static string Nested(string prompt) => Outside.Nested.Hello(prompt);

                public static async Task<string> StructStream(string prompt)
                {
                    StringBuilder seen = new StringBuilder();
                    await foreach (string chunk in new StreamingStruct<Plan> { Prefix = "struct:" }.ShoutAsync(prompt, Plan.Pro, CancellationToken.None)) { seen.Append(chunk); }
                    return seen.ToString();
                }

                public static async Task<string> ExtensionStream(string prompt)
                {
                    StringBuilder seen = new StringBuilder();
                    await foreach (string chunk in StreamingExtensions.Words(new[] { 1.5, 2.5 }, prompt, ";")) { seen.Append(chunk); }
                    return seen.ToString();
                }

                public static async Task<string> RunStream(string prompt)
                {
                    StringBuilder seen = new StringBuilder();
                    await foreach (string chunk in StreamingExtensions.WithRunAsync(prompt)) { seen.Append(chunk); }
                    return seen.ToString();
                }

                public static string Trace() { lock (Agents.Trace) { return string.Join(",", Agents.Trace); } }
            }
        }
        """;
}
