using ContextCompany.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ContextCompany.Generators.Tests;

/// <summary>Generated code is valid for the consumer's language version from C# 8 on, and for any nullable context.</summary>
public sealed class LanguageVersionTests
{
    public static TheoryData<string, LanguageVersion> ModernShapes()
    {
        TheoryData<string, LanguageVersion> data = new();
        foreach ((string name, (string _, LanguageVersion version)) in ShapeSources.All.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (version != LanguageVersion.CSharp8)
            {
                data.Add(name, LanguageVersion.CSharp10);
                data.Add(name, LanguageVersion.Latest);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModernShapes))]
    public void Every_shape_compiles_cleanly_under_CSharp_10_and_latest(string shape, LanguageVersion version)
    {
        GeneratorResult result = GeneratorHarness.Run(ShapeSources.All[shape].Source, version);

        Assert.NotEmpty(result.Sources);
        Assert.Empty(result.Problems().Select(d => d.ToString()));
    }

    [Theory]
    [InlineData(LanguageVersion.CSharp8)]
    [InlineData(LanguageVersion.CSharp10)]
    [InlineData(LanguageVersion.Latest)]
    public void CSharp_8_partial_void_methods_in_generic_nested_types_are_wrapped(LanguageVersion version)
    {
        const string source = """
            using System;
            using ContextCompany;
            namespace Legacy
            {
                public static partial class Outer<TOuter>
                {
                    public partial class Agent
                    {
                        public static string Last = "";

                        [TrackedAgent("legacy")]
                        partial void Handle(string question, [Metadata("count")] int count, [SessionId] string session);
                        private void HandleCore(AgentRun run, string question, int count, string session) { Last = run.RunId; }

                        [TrackedAgent]
                        static partial void Convert<T>(string question, T value) where T : struct, IComparable<T>;
                        private static void ConvertCore<T>(string question, T value) where T : struct, IComparable<T> { }

                        [TrackedAgent]
                        partial void Forward(string question, [FullInput] string request);
                        private void ForwardCore(string question, string request) { }

                        public string Call() { Handle("q", 3, "s"); return Last; }
                    }
                }
            }
            """;

        GeneratorResult result = GeneratorHarness.Run(source, version);

        Assert.Empty(result.Problems().Select(d => d.ToString()));
        string generated = result.SingleSource();
        Assert.Contains("partial void Handle(string question, int count, string session)", generated);
        Assert.Contains("static partial void Convert<T>(string question, T value)", generated);
        Assert.Contains("where T : struct, global::System.IComparable<T>", generated);
        Assert.Contains("TrackedRun.Start(null, null, null, null, question, null, request);", generated);
    }

    [Theory]
    [InlineData(NullableContextOptions.Disable)]
    [InlineData(NullableContextOptions.Annotations)]
    [InlineData(NullableContextOptions.Warnings)]
    [InlineData(NullableContextOptions.Enable)]
    public void Generated_code_compiles_cleanly_in_any_nullable_context(NullableContextOptions nullable)
    {
        const string source = """
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using ContextCompany;
            namespace Agents
            {
                public partial class Plain
                {
                    [TrackedAgent("plain")]
                    public partial Task<string> AnswerAsync([Prompt] string question, [SessionId] string session, [Metadata("user")] object user, CancellationToken cancellationToken);
                    private Task<string> AnswerCoreAsync(string question, string session, object user, CancellationToken cancellationToken) => Task.FromResult(question);

                    [TrackedAgent]
                    public partial IAsyncEnumerable<string> StreamAsync(string question, CancellationToken cancellationToken);
                    private async IAsyncEnumerable<string> StreamCoreAsync(string question, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
                    {
                        await Task.Yield();
                        yield return question;
                    }
                }
            }
            """;

        GeneratorResult result = GeneratorHarness.Run(GeneratorHarness.Compile(source, LanguageVersion.Latest, nullable));

        Assert.Empty(result.Problems().Select(d => d.ToString()));
    }
}
