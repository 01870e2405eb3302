using System.Text.RegularExpressions;
using ContextCompany.Generators.Tests.Infrastructure;
using ContextCompany.Tests.Shared;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ContextCompany.Generators.Tests;

/// <summary>
/// Every C# block of the README compiles against the SDK (with the generator), so the README cannot drift
/// from the API. Statement blocks run inside an async method of a class that provides the few helpers the
/// examples call (<c>CallWeatherApi</c>, <c>CallTheModelAsync</c>, ...) and, unless the block declares
/// them itself, a run <c>r</c> and its <c>runId</c>.
/// </summary>
public sealed partial class ReadmeCodeTests
{
    // The README's examples are written for a new project, which has the SDK's implicit usings.
    private const string Context = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        using ContextCompany;

        public partial class SupportAgent
        {
            private static Task<string> CallTheModelAsync(string question, CancellationToken cancellationToken) => Task.FromResult(question);
        }

        public static partial class ReadmeExample
        {
            private static readonly string messagesJson = "[]";
            private static readonly string completionText = "15°C and cloudy.";
            private static readonly string apiKeyFromYourSecretStore = "from-a-secret-store";
            private static readonly string otherKey = "from-a-secret-store";

            private static string CallWeatherApi() => "15°C and cloudy.";
        }
        """;

    /// <summary>The first line of the README blocks that are ASP.NET Core programs.</summary>
    public const string AspNetCoreProgramMarker = "// Program.cs of an ASP.NET Core app";

    /// <summary>The first line of the README blocks that need Microsoft.Extensions.AI (compiled by its package's tests).</summary>
    public const string ChatClientProgramMarker = "// A program built on Microsoft.Extensions.AI";

    /// <summary>The first line of the README blocks that need Microsoft Agent Framework: the Agent Framework tests compile those.</summary>
    public const string AgentFrameworkMarker = "// Agent Framework";

    public static TheoryData<int, string> Blocks()
    {
        TheoryData<int, string> data = new();
        int index = 0;
        foreach (Match block in CSharpBlock().Matches(File.ReadAllText(ReadmePath())))
        {
            // ASP.NET Core programs need the web framework: the hosting tests compile those; chat-client programs need
            // Microsoft.Extensions.AI: the Extensions.AI tests compile those.
            string code = block.Groups["code"].Value;
            if (!code.StartsWith(AspNetCoreProgramMarker, StringComparison.Ordinal) && !code.StartsWith(ChatClientProgramMarker, StringComparison.Ordinal) &&
                !code.StartsWith(AgentFrameworkMarker, StringComparison.Ordinal))
            {
                data.Add(++index, block.Groups["code"].Value);
            }
        }

        return data;
    }

    [Fact]
    public void The_README_has_csharp_examples() => Assert.True(Blocks().Count >= 8, $"{Blocks().Count} blocks");

    [Theory]
    [MemberData(nameof(Blocks))]
    public void README_code_block_compiles(int number, string code)
    {
        // using directives at the top of a statement block belong to the file.
        string directives = string.Concat(code.Split('\n').TakeWhile(line => line.StartsWith("using ", StringComparison.Ordinal) || line.Length == 0).Select(line => line + "\n"));
        string body = code[directives.Length..];
        string source = code.Contains("class ", StringComparison.Ordinal)
            ? code
            : "using ContextCompany;\n" + directives +
              "public static partial class ReadmeExample\n{\n    public static async Task Block" + number + "()\n    {\n" +
              (Declares(code, "r") ? string.Empty : "        AgentRun r = Tcc.Run();\n") +
              (Declares(code, "runId") ? string.Empty : "        string runId = Guid.NewGuid().ToString();\n") +
              body + "\n        await Task.CompletedTask;\n    }\n}\n";

        GeneratorResult result = GeneratorHarness.Run(GeneratorHarness.Compile([Context, source]));

        string[] errors = result.Output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToArray();
        Assert.True(errors.Length == 0, $"README block {number} does not compile:\n{string.Join("\n", errors)}\n\n{code}");
    }

    private static bool Declares(string code, string name) =>
        Regex.IsMatch(code, $@"\b(AgentRun|string|var)\s+{name}\s*=", RegexOptions.CultureInvariant);

    private static string ReadmePath() => RepositoryPaths.Combine("README.md");

    [GeneratedRegex("```csharp\\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
