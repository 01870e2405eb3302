using ContextCompany.Tests.Shared;
using Xunit;

namespace ContextCompany.Extensions.Hosting.Tests;

/// <summary>
/// The README's ASP.NET Core programs (the blocks that start with the marker comment) compile as the
/// <c>Program.cs</c> of a web project: top-level statements, the Web SDK's implicit usings, and the
/// assemblies of this test project (ASP.NET Core, the hosting package, OpenTelemetry).
/// </summary>
public sealed class ReadmeWebCodeTests
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

    public static TheoryData<int, string> Programs() => ReadmePrograms.Numbered(Marker);

    [Fact]
    public void The_README_has_ASP_NET_Core_programs() => Assert.True(Programs().Count >= 2, $"{Programs().Count} programs");

    [Theory]
    [MemberData(nameof(Programs))]
    public void README_program_compiles(int number, string code)
    {
        string[] errors = ReadmePrograms.CompileErrors("ReadmeProgram" + number, ImplicitUsings, code);
        Assert.True(errors.Length == 0, $"README program {number} does not compile:\n{string.Join("\n", errors)}\n\n{code}");
    }
}
