using ContextCompany.Tests.Shared;
using Xunit;

namespace ContextCompany.Extensions.AI.Tests;

/// <summary>
/// The README's Microsoft.Extensions.AI programs (the blocks that start with the marker comment) compile as a
/// console program's top-level statements against this test project's assemblies (the runtime, this package,
/// Microsoft.Extensions.AI, Semantic Kernel's core).
/// </summary>
public sealed class ReadmeChatClientCodeTests
{
    private const string Marker = "// A program built on Microsoft.Extensions.AI";

    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    public static TheoryData<int, string> Programs() => ReadmePrograms.Numbered(Marker);

    [Fact]
    public void The_README_has_chat_client_programs() => Assert.True(Programs().Count >= 2, $"{Programs().Count} programs");

    [Theory]
    [MemberData(nameof(Programs))]
    public void README_program_compiles(int number, string code)
    {
        string[] errors = ReadmePrograms.CompileErrors("ReadmeChatProgram" + number, ImplicitUsings, code);
        Assert.True(errors.Length == 0, $"README program {number} does not compile:\n{string.Join("\n", errors)}\n\n{code}");
    }
}
