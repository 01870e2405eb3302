using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ContextCompany.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs a code fix: one diagnostic at a time, and Fix All in document, project and solution, each compared
/// with the fixed code. Compiler diagnostics are not compared: without the generator's output, the partial
/// declarations of these tests have no implementing part, which is what the fixes are about.
/// </summary>
public static class VerifyFix<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task CodeFixAsync(string source, string fixedSource, string? equivalenceKey = null)
    {
        FixTest test = new()
        {
            TestCode = source,
            FixedCode = fixedSource,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        if (equivalenceKey is not null)
        {
            test.CodeActionEquivalenceKey = equivalenceKey;
        }

        return test.RunAsync();
    }

    public sealed class FixTest : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public FixTest() => TestSetup.Configure(this);
    }
}
