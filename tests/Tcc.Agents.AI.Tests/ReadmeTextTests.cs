using System.Text.RegularExpressions;
using ContextCompany.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ContextCompany.Agents.AI.Tests;

/// <summary>
/// The Agent Framework C# blocks (those that start with the marker comment) of the README compile against this project's assemblies (the runtime, this package, the Agent
/// Framework), with a console project's implicit usings.
/// </summary>
public sealed partial class ReadmeTextTests
{
    public const string Marker = "// Agent Framework";

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static TheoryData<string, string> Blocks()
    {
        TheoryData<string, string> data = new();
        foreach (string file in new[] { "README.md" })
        {
            int index = 0;
            foreach (Match block in CSharpBlock().Matches(File.ReadAllText(RepositoryPaths.Combine(file))))
            {
                if (block.Groups["code"].Value.StartsWith(Marker, StringComparison.Ordinal))
                {
                    data.Add($"{file} #{++index}", block.Groups["code"].Value);
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_docs_have_Agent_Framework_code() => Assert.NotEmpty(Blocks());

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Agent_Framework_block_compiles(string where, string code)
    {
        CSharpParseOptions parse = new(LanguageVersion.Latest);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "AgentFrameworkBlock",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, parse), CSharpSyntaxTree.ParseText(code, parse)],
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        string[] errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToArray();
        Assert.True(errors.Length == 0, $"{where} does not compile:\n{string.Join("\n", errors)}\n\n{code}");
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
