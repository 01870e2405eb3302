using Microsoft.CodeAnalysis;

namespace ContextCompany.Benchmarks;

/// <summary>
/// The floor under the [TrackedAgent] generator: the same <c>ForAttributeWithMetadataName</c> on the same
/// attribute, with a transform that returns a constant and an output that writes nothing. What it costs is
/// Roslyn's own work (finding the attributed methods, binding their symbols and attributes), which no
/// transform can avoid.
/// </summary>
internal sealed class AttributeOnlyGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<int> found = context.SyntaxProvider.ForAttributeWithMetadataName(
            "ContextCompany.TrackedAgentAttribute",
            static (_, _) => true,
            static (_, _) => 0);

        // An output is needed: the driver runs only the steps that some output depends on.
        context.RegisterSourceOutput(found, static (_, _) => { });
    }
}
