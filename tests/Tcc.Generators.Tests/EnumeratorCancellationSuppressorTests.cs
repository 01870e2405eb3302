using ContextCompany.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ContextCompany.Generators.Tests;

/// <summary>
/// The generated part of an <c>IAsyncEnumerable&lt;T&gt;</c> wrapper is not a compiler iterator, so the compiler warns
/// (CS8424) that an <c>[EnumeratorCancellation]</c> written on the declaration has no effect; the wrapper gives it
/// its effect, and the package's suppressor says so, for tracked methods only.
/// </summary>
public sealed class EnumeratorCancellationSuppressorTests
{
    private const string Source = """
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using ContextCompany;

        public partial class Agents
        {
            [TrackedAgent] public partial IAsyncEnumerable<string> StreamAsync(string question, [EnumeratorCancellation] CancellationToken cancellationToken);
            private async IAsyncEnumerable<string> StreamCoreAsync(string question, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Yield();
                yield return question;
            }

            // Not tracked: the attribute really has no effect here, and the warning stays.
            public partial IAsyncEnumerable<string> PlainAsync(string question, [EnumeratorCancellation] CancellationToken cancellationToken);
            public partial IAsyncEnumerable<string> PlainAsync(string question, CancellationToken cancellationToken) => StreamCoreAsync(question, cancellationToken);
        }
        """;

    [Fact]
    public async Task The_warning_on_a_tracked_stream_is_suppressed_and_the_one_on_other_code_is_not()
    {
        Compilation output = GeneratorHarness.Run(Source).Output;
        Diagnostic[] warnings = output.GetDiagnostics().Where(d => d.Id == "CS8424").ToArray();
        Assert.True(warnings.Length == 2, string.Join(Environment.NewLine, output.GetDiagnostics())); // what the compiler reports before suppression

        Diagnostic[] analyzed = (await output.WithAnalyzers(
                [new EnumeratorCancellationSuppressor()],
                new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true))
            .GetAllDiagnosticsAsync())
            .Where(d => d.Id == "CS8424")
            .ToArray();
        Diagnostic tracked = Assert.Single(analyzed, d => LineOf(d).Contains("StreamAsync", StringComparison.Ordinal));
        Diagnostic plain = Assert.Single(analyzed, d => LineOf(d).Contains("PlainAsync", StringComparison.Ordinal));
        Assert.True(tracked.IsSuppressed);
        Assert.False(plain.IsSuppressed);
    }

    private static string LineOf(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree!.GetText().Lines[diagnostic.Location.GetLineSpan().StartLinePosition.Line].ToString();
}
