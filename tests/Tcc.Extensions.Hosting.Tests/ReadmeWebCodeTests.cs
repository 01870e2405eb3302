using System.Text.RegularExpressions;
using ContextCompany.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ContextCompany.Extensions.Hosting.Tests;

/// <summary>
/// The README's ASP.NET Core programs (the blocks that start with the marker comment) compile as the
/// <c>Program.cs</c> of a web project: top-level statements, the Web SDK's implicit usings, and the
/// assemblies of this test project (ASP.NET Core, the hosting package, OpenTelemetry).
/// </summary>
public sealed partial class ReadmeWebCodeTests
{
    private const string Marker = "// Program.cs of an ASP.NET Core app";

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Net.Http.Json;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using Microsoft.AspNetCore.Builder;
        global using Microsoft.AspNetCore.Hosting;
        global using Microsoft.AspNetCore.Http;
        global using Microsoft.AspNetCore.Routing;
        global using Microsoft.Extensions.Configuration;
        global using Microsoft.Extensions.DependencyInjection;
        global using Microsoft.Extensions.Hosting;
        global using Microsoft.Extensions.Logging;
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
    public void The_README_has_ASP_NET_Core_programs() => Assert.True(Programs().Count >= 2, $"{Programs().Count} programs");

    [Theory]
    [MemberData(nameof(Programs))]
    public void README_program_compiles(int number, string code)
    {
        CSharpParseOptions parse = new(LanguageVersion.Latest);
        CSharpCompilation compilation = CSharpCompilation.Create(
            "ReadmeProgram" + number,
            [CSharpSyntaxTree.ParseText(ImplicitUsings, parse), CSharpSyntaxTree.ParseText(code, parse)],
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        string[] errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToArray();
        Assert.True(errors.Length == 0, $"README program {number} does not compile:\n{string.Join("\n", errors)}\n\n{code}");
    }

    // Every assembly this test process may load: the shared frameworks (.NET, ASP.NET Core) and the packages.
    private static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(path => MetadataReference.CreateFromFile(path));

    [GeneratedRegex("```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
