using System;

namespace ContextCompany;

/// <summary>
/// Marks a partial method declaration as a tracked agent entry point. The ContextCompany source generator
/// writes its body: every call creates a run (see <see cref="Tcc.Run"/>), fills it from the parameters
/// marked <see cref="PromptAttribute"/>, <see cref="SessionIdAttribute"/>, <see cref="MetadataAttribute"/>,
/// <see cref="FullInputAttribute"/> and the others, calls the implementation method, records its result as the response and ends the run
/// (or records the exception and rethrows it).
/// </summary>
/// <remarks>
/// The implementation method has the same parameters (optionally preceded by one <see cref="AgentRun"/>
/// parameter) and return type. Its default name inserts <c>Core</c> before a trailing <c>Async</c>
/// (<c>AnswerAsync</c> → <c>AnswerCoreAsync</c>) or appends it (<c>Answer</c> → <c>AnswerCore</c>);
/// <see cref="Implementation"/> names another one.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TrackedAgentAttribute : Attribute
{
    /// <summary>Tracks the method without an agent name (no <c>tcc.agent</c> metadata).</summary>
    public TrackedAgentAttribute()
    {
    }

    /// <summary>Tracks the method as the agent <paramref name="name"/> (sent as the reserved <c>tcc.agent</c> metadata key).</summary>
    /// <param name="name">The agent name. Dashboard route names such as <c>runs</c> are reserved and dropped by the service.</param>
    public TrackedAgentAttribute(string name) => Name = name;

    /// <summary>The agent name, sent as <c>tcc.agent</c>; null when none was given.</summary>
    public string? Name { get; }

    /// <summary>When true, each run is sent with <c>conversational: true</c> (initiated by a user).</summary>
    public bool Conversational { get; set; }

    /// <summary>A constant system prompt for every run. A non-null <see cref="SystemPromptAttribute"/> argument wins over it.</summary>
    public string? SystemPrompt { get; set; }

    /// <summary>The name of the implementation method the generated wrapper calls (use <c>nameof(...)</c>).</summary>
    public string? Implementation { get; set; }
}

/// <summary>The <c>string</c> parameter of a <see cref="TrackedAgentAttribute"/> method that carries the user prompt.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class PromptAttribute : Attribute
{
}

/// <summary>The <c>string</c> parameter of a <see cref="TrackedAgentAttribute"/> method that carries the system prompt.</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class SystemPromptAttribute : Attribute
{
}

/// <summary>
/// The parameter of a <see cref="TrackedAgentAttribute"/> method that carries the raw input, for example the
/// provider's request body, sent as <c>prompt.full_input</c> (TypeScript <c>fullInput</c>; see
/// <see cref="AgentRun.Prompt"/>). Usually a <c>string</c>; a value of another type is formatted as a
/// <see cref="MetadataAttribute"/> value is. A null value is left out. Such a parameter is never the prompt.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class FullInputAttribute : Attribute
{
}

/// <summary>The <c>string</c> parameter of a <see cref="TrackedAgentAttribute"/> method that carries the session id (Python <c>session_id</c>).</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class SessionIdAttribute : Attribute
{
}

/// <summary>The <c>string</c> parameter of a <see cref="TrackedAgentAttribute"/> method that carries a caller-chosen run id (Python <c>run_id</c>).</summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class RunIdAttribute : Attribute
{
}

/// <summary>
/// A parameter of a <see cref="TrackedAgentAttribute"/> method whose value is sent as the run's metadata
/// <see cref="Key"/>. Null values are left out; strings are sent as they are, <c>bool</c> as
/// <c>true</c>/<c>false</c>, enums by name, dates in round-trip (<c>O</c>) format, other
/// <see cref="IFormattable"/> values with the invariant culture and anything else by <c>ToString()</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class MetadataAttribute : Attribute
{
    /// <summary>Sends the parameter's value as the metadata <paramref name="key"/>.</summary>
    /// <param name="key">The metadata key, for example <c>"plan"</c> or a reserved key such as <see cref="TccMetadataKeys.UserId"/>.</param>
    public MetadataAttribute(string key) => Key = key;

    /// <summary>The metadata key.</summary>
    public string Key { get; }
}
