using System.Text.RegularExpressions;
using ContextCompany.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ContextCompany.Extensions.AI.Tests;

/// <summary>
/// The README's Microsoft.Extensions.AI programs (the blocks that start with the marker comment) compile as a
/// console program's top-level statements against this test project's assemblies (the runtime, this package,
/// Microsoft.Extensions.AI, Semantic Kernel's core).
/// </summary>
public sealed partial class ReadmeChatClientCodeTests
{
    private const string Marker = "// A program built on Microsoft.Extensions.AI";

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static TheoryData<int, string> Programs()
    {
        TheoryData<int, string> data = new();
        int index = 0;
        foreach (Match block in CSharpBlock().Matches(File.ReadAllText(RepositoryPaths.Combine("README.md"))))
        {
            if (block.Groups["code"].Value.StartsWith(Marker, StringComparison.Ordinal))
            {
                data.Add(++index, block.Groups["code"].Value);
            }
        }

        return data;
    }

    [Fact]
    public void The_README_has_chat_client_programs() => Assert.True(Programs().Count >= 2, $"{Programs().Count} programs");

    [Theory]
    [MemberData(nameof(Programs))]
    public void README_program_compiles(int number, string code)
    {
        CSharpParseOptions parse = new(LanguageVersion.Latest);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "ReadmeChatProgram" + number,
            [CSharpSyntaxTree.ParseText(ImplicitUsings, parse), CSharpSyntaxTree.ParseText(code, parse)],
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        string[] errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToArray();
        Assert.True(errors.Length == 0, $"README program {number} does not compile:\n{string.Join("\n", errors)}\n\n{code}");
    }

    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => MetadataReference.CreateFromFile(path));

    [GeneratedRegex("```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
