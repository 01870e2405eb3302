using ContextCompany.Generators.Helpers;

namespace ContextCompany.Generators.Model;

/// <summary>
/// Everything the emitter needs to write one wrapper, as strings, enums and equatable arrays: no symbols,
/// syntax or locations, so the incremental pipeline can compare models by value.
/// </summary>
internal sealed record TrackedMethodSpec(
    string Name,
    string Modifiers,
    string ReturnType,
    ReturnShape Shape,
    string? ElementType,
    string TypeParameters,
    EquatableArray<string> Constraints,
    EquatableArray<ParameterSpec> Parameters,
    WrapperSpec? Wrapper,
    string? FailureId,
    string? FailureMessage)
{
    /// <summary>Orders methods within a file without depending on source positions (which every edit above them moves).</summary>
    public string SortKey => Name + TypeParameters + "(" + string.Join(",", System.Linq.Enumerable.Select(Parameters, p => p.Type)) + ")";
}

/// <summary>How the call is recorded, when the method can be wrapped.</summary>
internal sealed record WrapperSpec(
    string? AgentName,
    bool Conversational,
    string? SystemPromptConstant,
    int PromptIndex,
    int SystemPromptIndex,
    int SessionIdIndex,
    int RunIdIndex,
    int FullInputIndex,
    string ImplementationName,
    bool ImplementationTakesRun,
    int CancellationTokenIndex,
    bool AddEnumeratorCancellation);

internal sealed record ParameterSpec(
    string Name,
    string Type,
    string Modifier,
    string? MetadataKey,
    bool IsString,
    bool HasEnumeratorCancellation);

/// <summary>The namespace and the chain of types (outermost first) that contain a tracked method.</summary>
internal sealed record ContainingTypeChain(string? Namespace, EquatableArray<ContainingTypeSpec> Types)
{
    /// <summary>How every generated file's name ends.</summary>
    public const string FileSuffix = ".TrackedAgents.g.cs";

    /// <summary><c>Namespace.Outer.Inner.TrackedAgents.g.cs</c>; generic arity as <c>_1</c>.</summary>
    public string HintName
    {
        get
        {
            System.Text.StringBuilder name = new();
            if (Namespace is not null)
            {
                name.Append(Namespace).Append('.');
            }

            foreach (ContainingTypeSpec type in Types)
            {
                name.Append(type.Name);
                if (type.Arity > 0)
                {
                    name.Append('_').Append(type.Arity);
                }

                name.Append('.');
            }

            return name.Append(FileSuffix.Substring(1)).ToString();
        }
    }
}

/// <summary>One containing type, as its partial declaration is written: <c>partial record struct Name&lt;T&gt;</c>.</summary>
internal sealed record ContainingTypeSpec(string Keyword, string Name, string TypeParameters, int Arity);

/// <summary>What the method returns, which decides how the wrapper awaits, streams and records the response.</summary>
internal enum ReturnShape
{
    Void,
    Value,
    Task,
    TaskOfValue,
    ValueTask,
    ValueTaskOfValue,
    Enumerable,
    AsyncEnumerable,
}

/// <summary>The methods of one containing type: one generated file. <paramref name="IsUnsafe"/>: a signature needs an unsafe context.</summary>
internal sealed record TrackedTypeSpec(ContainingTypeChain Type, EquatableArray<TrackedMethodSpec> Methods, bool IsUnsafe);
