using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using Basic.Reference.Assemblies;
using ContextCompany.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ContextCompany.Benchmarks;

/// <summary>
/// The analyzers' cost: compiling a program with 1,000 run usages (runs, steps, tool calls, metadata,
/// feedback) with the ContextCompany analyzers, against compiling it without them. Each invocation binds a
/// fresh copy of the compilation, so neither side reuses the other's work.
/// </summary>
[MemoryDiagnoser]
public class AnalyzerBenchmarks
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
    [
        new RunLifecycleAnalyzer(), new MetadataAnalyzer(), new FeedbackAnalyzer(), new ApiKeyAnalyzer(), new TrackedAgentAnalyzer(),
    ];

    private CSharpCompilation _compilation = null!;

    [GlobalSetup]
    public void Setup()
    {
        ImmutableArray<MetadataReference> references = Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Tcc).Assembly.Location))
            .ToImmutableArray();
        _compilation = CSharpCompilation.Create(
            "RunUsages",
            RunUsages(BenchmarkMode.Quick ? 100 : 1000).Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"Usages{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>
    /// The analyzers' own execution time, from the analyzer driver's telemetry, as a fraction of compiling
    /// without analyzers (both measured after a warm-up, median of seven). Measured only in the process
    /// that benchmarked <see cref="Compile_with_analyzers"/>, where the analyzers' code has been optimized
    /// by the JIT: in the other process it would have run a few times only, partly unoptimized, and the
    /// fraction would measure the JIT's tiers rather than the analyzers.
    /// </summary>
    [GlobalCleanup(Target = nameof(Compile_with_analyzers))]
    public void Telemetry()
    {
        // Quick mode proves the measurement works with one pass and no warm-up.
        int passes = BenchmarkMode.Quick ? 1 : 7;
        for (int i = 0; i < (BenchmarkMode.Quick ? 0 : 2); i++)
        {
            Compile_without_analyzers();
            Compile_with_analyzers();
        }

        List<double> compile = new();
        List<double> analyzers = new();
        Dictionary<string, double> byAnalyzer = new();
        for (int i = 0; i < passes; i++)
        {
            Stopwatch watch = Stopwatch.StartNew();
            Compile_without_analyzers();
            compile.Add(watch.Elapsed.TotalMilliseconds);

            CompilationWithAnalyzers analysis = _compilation.Clone().WithAnalyzers(
                Analyzers,
                new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            analysis.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            double total = 0;
            foreach (DiagnosticAnalyzer analyzer in Analyzers)
            {
                double ms = analysis.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
                byAnalyzer[analyzer.GetType().Name] = byAnalyzer.GetValueOrDefault(analyzer.GetType().Name) + (ms / passes);
                total += ms;
            }

            analyzers.Add(total);
        }

        double compileMs = compile.Order().ElementAt(passes / 2);
        double analyzerMs = analyzers.Order().ElementAt(passes / 2);
        Console.WriteLine($"// Analyzer telemetry: analyzers {analyzerMs:0} ms, compile without analyzers {compileMs:0} ms, fraction {analyzerMs / compileMs:P1}; " +
            string.Join(", ", byAnalyzer.OrderByDescending(a => a.Value).Select(a => $"{a.Key} {a.Value:0} ms")));
    }

    [Benchmark(Baseline = true)]
    public int Compile_without_analyzers() => ((CSharpCompilation)_compilation.Clone()).GetDiagnostics().Length;

    [Benchmark]
    public int Compile_with_analyzers() =>
        _compilation.Clone().WithAnalyzers(Analyzers).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;

    /// <summary>1,000 methods that use runs the way applications do, ten per class, one class per file.</summary>
    internal static IEnumerable<string> RunUsages(int usages)
    {
        for (int type = 0; type < usages / 10; type++)
        {
            StringBuilder text = new("using System.Collections.Generic;\nusing System.Threading.Tasks;\nusing ContextCompany;\nnamespace App;\npublic class Handlers" + type + "\n{\n");
            for (int i = 0; i < 10; i++)
            {
                text.Append($$"""
                        public async Task<string> Handle{{i}}(string question, bool cached)
                        {
                            AgentRun run = Tcc.Run(sessionId: "s-{{i}}");
                            run.Prompt(question).Metadata(("tcc.agent", "agent-{{i}}"), ("tcc.userId", "u"), ("tcc.userName", "Jane"));
                            AgentStep step = run.Step().Prompt(question);
                            if (cached) { step.Response("cached"); } else { step.Response("fresh"); }
                            step.End();
                            run.ToolCall("lookup").Args("{}").Result("{}").End();
                            try { run.Response("answer").End(); }
                            catch (System.Exception e) { run.Error(e.Message); }
                            await run.FeedbackAsync(FeedbackScore.ThumbsUp, "thanks");
                            return run.RunId;
                        }

                    """);
            }

            yield return text.Append("}\n").ToString();
        }
    }
}
