using ContextCompany.Tests.Shared;
using Xunit;

namespace ContextCompany.Agents.AI.Tests;

/// <summary>
/// The Agent Framework C# blocks (those that start with the marker comment) of the README compile against this project's assemblies (the runtime, this package, the Agent
/// Framework), with a console project's implicit usings.
/// </summary>
public sealed class ReadmeTextTests
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

    public static TheoryData<int, string> Blocks() => ReadmePrograms.Numbered(Marker);

    [Fact]
    public void The_docs_have_Agent_Framework_code() => Assert.NotEmpty(Blocks());

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Agent_Framework_block_compiles(int number, string code)
    {
        string[] errors = ReadmePrograms.CompileErrors("AgentFrameworkBlock", ImplicitUsings, code);
        Assert.True(errors.Length == 0, $"README.md #{number} does not compile:\n{string.Join("\n", errors)}\n\n{code}");
    }
}
