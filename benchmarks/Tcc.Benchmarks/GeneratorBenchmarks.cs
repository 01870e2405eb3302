using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using BenchmarkDotNet.Attributes;
using Basic.Reference.Assemblies;
using ContextCompany.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.Logging;

namespace ContextCompany.Benchmarks;

/// <summary>
/// The [TrackedAgent] generator against the LoggerMessage generator (from the
/// Microsoft.Extensions.Logging.Abstractions package) over compilations of the same shape: N partial
/// methods in N/10 partial classes. Cold: a new driver's first run. Incremental: a second run after an
/// unrelated edit (a method body in another file). The attribute-only generator is the floor: the same
/// <c>ForAttributeWithMetadataName</c> with a constant transform, so its incremental run is what Roslyn
/// spends before any transform runs.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private CSharpCompilation _tracked = null!;
    private CSharpCompilation _logging = null!;
    private CSharpCompilation _trackedEdited = null!;
    private CSharpCompilation _loggingEdited = null!;
    private GeneratorDriver _trackedWarm = null!;
    private GeneratorDriver _loggingWarm = null!;
    private GeneratorDriver _attributeOnlyWarm = null!;
    private ISourceGenerator _loggerMessage = null!;

    [Params(100, 1000)]
    public int Methods { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _loggerMessage = LoggerMessageGenerator();
        ImmutableArray<MetadataReference> references = Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(Tcc).Assembly.Location))
            .Append(MetadataReference.CreateFromFile(typeof(ILogger).Assembly.Location))
            .ToImmutableArray();
        _tracked = Compile(references, TrackedSource(Methods), "Unrelated.cs", "public class Unrelated { public int M() => 1; }");
        _logging = Compile(references, LoggingSource(Methods), "Unrelated.cs", "public class Unrelated { public int M() => 1; }");
        _trackedEdited = EditUnrelated(_tracked);
        _loggingEdited = EditUnrelated(_logging);
        _trackedWarm = NewDriver(new TrackedAgentGenerator().AsSourceGenerator()).RunGenerators(_tracked);
        _loggingWarm = NewDriver(_loggerMessage).RunGenerators(_logging);
        _attributeOnlyWarm = NewDriver(new AttributeOnlyGenerator().AsSourceGenerator()).RunGenerators(_tracked);
    }

    [Benchmark(Baseline = true)]
    public int LoggerMessage_cold() => Count(NewDriver(_loggerMessage).RunGenerators(_logging));

    [Benchmark]
    public int TrackedAgent_cold() => Count(NewDriver(new TrackedAgentGenerator().AsSourceGenerator()).RunGenerators(_tracked));

    [Benchmark]
    public int TrackedAgent_after_unrelated_edit() => Count(_trackedWarm.RunGenerators(_trackedEdited));

    [Benchmark]
    public int LoggerMessage_after_unrelated_edit() => Count(_loggingWarm.RunGenerators(_loggingEdited));

    [Benchmark]
    public int AttributeOnly_cold() => Count(NewDriver(new AttributeOnlyGenerator().AsSourceGenerator()).RunGenerators(_tracked));

    [Benchmark]
    public int AttributeOnly_after_unrelated_edit() => Count(_attributeOnlyWarm.RunGenerators(_trackedEdited));

    private static GeneratorDriver NewDriver(ISourceGenerator generator) =>
        CSharpGeneratorDriver.Create([generator], parseOptions: new CSharpParseOptions(LanguageVersion.Latest));

    /// <summary>The compilation with the unrelated file's method body changed.</summary>
    private static CSharpCompilation EditUnrelated(CSharpCompilation compilation)
    {
        SyntaxTree unrelated = compilation.SyntaxTrees.Last();
        return compilation.ReplaceSyntaxTree(unrelated, CSharpSyntaxTree.ParseText("public class Unrelated { public int M() => 2; }", (CSharpParseOptions)unrelated.Options, unrelated.FilePath));
    }

    private static int Count(GeneratorDriver driver) => driver.GetRunResult().GeneratedTrees.Length;

    private static CSharpCompilation Compile(ImmutableArray<MetadataReference> references, IEnumerable<string> sources, string extraPath, string extra) =>
        CSharpCompilation.Create(
            "Shape",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"File{i}.cs"))
                .Append(CSharpSyntaxTree.ParseText(extra, new CSharpParseOptions(LanguageVersion.Latest), path: extraPath)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>N tracked methods, ten per partial class, one class per file.</summary>
    internal static IEnumerable<string> TrackedSource(int methods)
    {
        for (int type = 0; type < methods / 10; type++)
        {
            StringBuilder text = new("using System.Threading.Tasks;\nusing ContextCompany;\nnamespace Agents;\npublic partial class Agent" + type + "\n{\n");
            for (int i = 0; i < 10; i++)
            {
                text.Append($"    [TrackedAgent(\"agent-{i}\")] public partial Task<string> Answer{i}Async(string question, [Metadata(\"tcc.userId\")] string userId);\n");
                text.Append($"    private Task<string> Answer{i}CoreAsync(string question, string userId) => Task.FromResult(question);\n");
            }

            yield return text.Append("}\n").ToString();
        }
    }

    /// <summary>N [LoggerMessage] methods of the same shape: ten per partial class, one class per file.</summary>
    internal static IEnumerable<string> LoggingSource(int methods)
    {
        for (int type = 0; type < methods / 10; type++)
        {
            StringBuilder text = new("using Microsoft.Extensions.Logging;\nnamespace Agents;\npublic static partial class Log" + type + "\n{\n");
            for (int i = 0; i < 10; i++)
            {
                text.Append($"    [LoggerMessage(EventId = {i}, Level = LogLevel.Information, Message = \"Answered {{Question}} for {{UserId}}\")] public static partial void Answer{i}(ILogger logger, string question, string userId);\n");
            }

            yield return text.Append("}\n").ToString();
        }
    }

    /// <summary>The LoggerMessage generator shipped in the Microsoft.Extensions.Logging.Abstractions package's analyzer folder.</summary>
    private static ISourceGenerator LoggerMessageGenerator()
    {
        // BenchmarkDotNet runs a copy of this program without the package's analyzer folder: take it from the
        // package in the NuGet cache (the restore of this project puts it there).
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string package = Path.Combine(cache, "microsoft.extensions.logging.abstractions");
        string path = Directory.EnumerateFiles(package, "Microsoft.Extensions.Logging.Generators.dll", SearchOption.AllDirectories)
            .Where(p => p.Contains($"{Path.DirectorySeparatorChar}cs{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(p => Version.TryParse(Path.GetRelativePath(package, p).Split(Path.DirectorySeparatorChar)[0], out Version? v) ? v : new Version(0, 0))
            .Last();
        Type type = Assembly.LoadFrom(path).GetTypes().Single(t => t.Name == "LoggerMessageGenerator");
        return ((IIncrementalGenerator)Activator.CreateInstance(type)!).AsSourceGenerator();
    }
}
