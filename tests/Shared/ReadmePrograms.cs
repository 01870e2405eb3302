using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ContextCompany.Tests.Shared;

/// <summary>
/// The README's C# blocks that need more than the runtime (ASP.NET Core, Microsoft.Extensions.AI, Agent
/// Framework) start with a marker comment; the test project that has those assemblies compiles them here
/// as a console program's top-level statements.
/// </summary>
internal static partial class ReadmePrograms
{
    /// <summary>The C# blocks of <paramref name="file"/> (a repository path) that start with <paramref name="marker"/>.</summary>
    public static IEnumerable<string> Starting(string marker, string file = "README.md")
    {
        foreach (Match block in CSharpBlock().Matches(File.ReadAllText(RepositoryPaths.Combine(file))))
        {
            string code = block.Groups["code"].Value;
            if (code.StartsWith(marker, StringComparison.Ordinal))
            {
                yield return code;
            }
        }
    }

    /// <summary>The blocks that start with <paramref name="marker"/>, numbered from 1 in README order: a theory's data.</summary>
    public static Xunit.TheoryData<int, string> Numbered(string marker)
    {
        Xunit.TheoryData<int, string> data = new();
        int number = 0;
        foreach (string code in Starting(marker))
        {
            data.Add(++number, code);
        }

        return data;
    }

    /// <summary>The compile errors of <paramref name="code"/> with <paramref name="implicitUsings"/>, against every assembly of the test process.</summary>
    public static string[] CompileErrors(string assemblyName, string implicitUsings, string code)
    {
        CSharpParseOptions parse = new(LanguageVersion.Latest);
        CSharpCompilation compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(implicitUsings, parse), CSharpSyntaxTree.ParseText(code, parse)],
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToArray();
    }

    // Every assembly this test process may load: the shared frameworks and the packages.
    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => MetadataReference.CreateFromFile(path));

    [GeneratedRegex("```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
