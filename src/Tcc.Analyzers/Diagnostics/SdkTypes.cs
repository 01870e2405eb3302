using Microsoft.CodeAnalysis;

namespace ContextCompany.Analyzers.Diagnostics;

/// <summary>The SDK's types, resolved once per compilation. Null when the compilation does not reference the SDK.</summary>
internal sealed class SdkTypes
{
    private SdkTypes(Compilation compilation)
    {
        Tcc = compilation.GetTypeByMetadataName("ContextCompany.Tcc");
        TccClient = compilation.GetTypeByMetadataName("ContextCompany.TccClient");
        AgentRun = compilation.GetTypeByMetadataName(TrackedAgentRules.AgentRunType);
        AgentStep = compilation.GetTypeByMetadataName("ContextCompany.AgentStep");
        ToolCall = compilation.GetTypeByMetadataName("ContextCompany.ToolCall");
        TccOptions = compilation.GetTypeByMetadataName("ContextCompany.TccOptions");
        TrackedAgentAttribute = compilation.GetTypeByMetadataName(TrackedAgentRules.TrackedAgentAttribute);
        MetadataAttribute = compilation.GetTypeByMetadataName(TrackedAgentRules.MetadataAttribute);
        Environment = compilation.GetTypeByMetadataName("System.Environment");
    }

    public INamedTypeSymbol? Tcc { get; }

    public INamedTypeSymbol? TccClient { get; }

    public INamedTypeSymbol? AgentRun { get; }

    public INamedTypeSymbol? AgentStep { get; }

    public INamedTypeSymbol? ToolCall { get; }

    public INamedTypeSymbol? TccOptions { get; }

    public INamedTypeSymbol? TrackedAgentAttribute { get; }

    public INamedTypeSymbol? MetadataAttribute { get; }

    public INamedTypeSymbol? Environment { get; }

    public static SdkTypes? Resolve(Compilation compilation)
    {
        SdkTypes types = new(compilation);
        return types.AgentRun is null ? null : types;
    }

    public bool IsRecordType(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        // Asked for nearly every call and local of every method: most types are ruled out by their name,
        // which costs less than comparing symbols (equal symbols have equal names).
        string name = type.Name;
        return (name == AgentRun?.Name && Is(type, AgentRun)) ||
            (name == AgentStep?.Name && Is(type, AgentStep)) ||
            (name == ToolCall?.Name && Is(type, ToolCall));
    }

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type, expected);
}
