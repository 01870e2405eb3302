using ContextCompany.Analyzers.Diagnostics;
using ContextCompany.Analyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ContextCompany.Analyzers.Tests.Infrastructure;

/// <summary>
/// The lifecycle analysis of each method of a real compilation, both ways: with the operation-tree pass
/// (and whether it needed the graph), and with the graph only.
/// </summary>
public static class FlowPaths
{
    public sealed record MethodResult(string Method, string Body, bool BuiltGraph, IReadOnlyList<string> Findings, IReadOnlyList<string> GraphFindings);

    public sealed record Analysis(IReadOnlyList<MethodResult> Methods, IReadOnlyList<string> CompilerErrors);

    /// <summary>
    /// Each body becomes a method <c>async Task&lt;string&gt; M{i}(bool x, bool y, string p, TccClient client, AgentRun given)</c>
    /// of one class (<c>async Task</c> without <paramref name="returnsString"/>). Whether the graph was built
    /// tells which way a method with a tracked local was decided.
    /// </summary>
    public static Analysis Analyze(IReadOnlyList<string> bodies, bool returnsString = true)
    {
        string returnType = returnsString ? "Task<string>" : "Task";
        string end = returnsString ? "return p;" : string.Empty;
        string source = Code.Usings + "namespace Agents { public partial class Agent {\n" +
            string.Join("\n", bodies.Select((body, i) => $"public async {returnType} M{i}(bool x, bool y, string p, TccClient client, AgentRun given)\n{{\n{body}\nawait Task.CompletedTask;\n{end}\n}}")) +
            "\nprivate static void Use(object value) { }\nprivate static string Compute() => \"computed\";\nprivate AgentRun? _stored;\n} }";
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Flow",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            TestSetup.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        SdkTypes types = SdkTypes.Resolve(compilation) ?? throw new InvalidOperationException("the SDK is not referenced");
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        SemanticModel model = compilation.GetSemanticModel(tree);
        List<MethodResult> results = new();
        foreach (MethodDeclarationSyntax method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => m.Identifier.ValueText.StartsWith('M')))
        {
            int index = int.Parse(method.Identifier.ValueText[1..], System.Globalization.CultureInfo.InvariantCulture);
            IOperation block = model.GetOperation(method.Body!)!;
            ControlFlowGraph Graph() => ControlFlowGraph.Create((IMethodBodyOperation)block.Parent!);
            bool builtGraph = false;
            IReadOnlyList<string> findings = Describe(RunFlowAnalysis.Analyze(block, () => { builtGraph = true; return Graph(); }, types, operationTreeFirst: true));
            IReadOnlyList<string> graphFindings = Describe(RunFlowAnalysis.Analyze(block, Graph, types, operationTreeFirst: false));
            results.Add(new MethodResult(method.Identifier.ValueText, bodies[index], builtGraph, findings, graphFindings));
        }

        List<string> errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        return new Analysis(results, errors);
    }

    /// <summary>What the analyzer reports for the findings: each rule and place once.</summary>
    private static IReadOnlyList<string> Describe(IReadOnlyList<RunFlowFinding> findings) =>
        findings
            .GroupBy(f => (f.Rule, f.Location))
            .Select(g => g.First())
            .Select(f => $"{f.Rule} {f.Location.SourceSpan} '{f.Name}' {f.Detail}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
