using Microsoft.CodeAnalysis;

namespace ContextCompany.Analyzers.Diagnostics;

/// <summary>Every ContextCompany diagnostic. IDs are in <see cref="DiagnosticIds"/>, shared with the generator and the code fixes.</summary>
internal static class DiagnosticDescriptors
{
    public const string UsageCategory = "ContextCompany.Usage";
    public const string TrackedAgentCategory = "ContextCompany.TrackedAgent";
    public const string SecurityCategory = "ContextCompany.Security";

    public static readonly DiagnosticDescriptor EndWithoutPrompt = Create(
        DiagnosticIds.EndWithoutPrompt, UsageCategory, DiagnosticSeverity.Warning,
        "Run ended without a prompt",
        "'{0}' may be ended without a prompt: End() throws unless Prompt(...) was called on every path before it");

    public static readonly DiagnosticDescriptor ReservedAgentName = Create(
        DiagnosticIds.ReservedAgentName, UsageCategory, DiagnosticSeverity.Error,
        "Reserved agent name",
        "'{0}' is a reserved dashboard route: the service drops it as an agent name; choose another name");

    public static readonly DiagnosticDescriptor NameWithoutId = Create(
        DiagnosticIds.NameWithoutId, UsageCategory, DiagnosticSeverity.Warning,
        "Identity name without its ID",
        "'{0}' is set without '{1}' on the same run: the service drops the name unless the ID is set too");

    public static readonly DiagnosticDescriptor InvalidFeedbackScore = Create(
        DiagnosticIds.InvalidFeedbackScore, UsageCategory, DiagnosticSeverity.Error,
        "Invalid feedback score",
        "'{0}' is not a feedback score: use \"" + TccRules.ThumbsUp + "\" or \"" + TccRules.ThumbsDown + "\" (case-sensitive)");

    public static readonly DiagnosticDescriptor InvalidFeedback = Create(
        DiagnosticIds.InvalidFeedback, UsageCategory, DiagnosticSeverity.Warning,
        "Invalid feedback",
        "{0}");

    public static readonly DiagnosticDescriptor UseAfterEnd = Create(
        DiagnosticIds.UseAfterEnd, UsageCategory, DiagnosticSeverity.Warning,
        "Used after it ended",
        "'{0}' has already ended on every path here: {1}() throws InvalidOperationException");

    public static readonly DiagnosticDescriptor UnknownReservedKey = Create(
        DiagnosticIds.UnknownReservedKey, UsageCategory, DiagnosticSeverity.Warning,
        "Unknown reserved metadata key",
        "'{0}' is in the reserved '" + TccRules.ReservedKeyPrefix + "' namespace but is not a key the service recognizes, so it is dropped{1}");

    public static readonly DiagnosticDescriptor RunNeverEnded = Create(
        DiagnosticIds.RunNeverEnded, UsageCategory, DiagnosticSeverity.Info,
        "Never ended",
        "'{0}' is never ended, errored, returned, stored or passed on: it is never sent");

    public static readonly DiagnosticDescriptor IncompleteStepOrToolCall = Create(
        DiagnosticIds.IncompleteStepOrToolCall, UsageCategory, DiagnosticSeverity.Warning,
        "Step or tool call ended incomplete",
        "'{0}' may be ended without {1}: End() throws unless it is set on every path before it");

    public static readonly DiagnosticDescriptor NotPartialDeclaration = Create(
        DiagnosticIds.NotPartialDeclaration, TrackedAgentCategory, DiagnosticSeverity.Error,
        "[TrackedAgent] needs a partial declaration",
        "[TrackedAgent] method '{0}' {1}: make it a partial declaration without a body in partial types, and move the body to '{2}'");

    public static readonly DiagnosticDescriptor NoImplementation = Create(
        DiagnosticIds.NoImplementation, TrackedAgentCategory, DiagnosticSeverity.Error,
        "No matching implementation method",
        "[TrackedAgent] method '{0}': {1}");

    public static readonly DiagnosticDescriptor NoPrompt = Create(
        DiagnosticIds.NoPrompt, TrackedAgentCategory, DiagnosticSeverity.Error,
        "No prompt parameter",
        "[TrackedAgent] method '{0}': {1}");

    public static readonly DiagnosticDescriptor UnsupportedSignature = Create(
        DiagnosticIds.UnsupportedSignature, TrackedAgentCategory, DiagnosticSeverity.Error,
        "Signature cannot be wrapped",
        "[TrackedAgent] method '{0}' cannot be wrapped: {1}");

    public static readonly DiagnosticDescriptor HardCodedApiKey = Create(
        DiagnosticIds.HardCodedApiKey, SecurityCategory, DiagnosticSeverity.Warning,
        "Hard-coded API key",
        "An API key is written in the source: read it from " + TccRules.ApiKeyVariable + " or a secret store instead");

    public static readonly DiagnosticDescriptor EmptyAgentName = Create(
        DiagnosticIds.EmptyAgentName, TrackedAgentCategory, DiagnosticSeverity.Error,
        "Empty agent name",
        "[TrackedAgent] method '{0}' has an empty agent name: give a name, or use [TrackedAgent] without one");

    public static readonly DiagnosticDescriptor ResultWithoutToString = Create(
        DiagnosticIds.ResultWithoutToString, TrackedAgentCategory, DiagnosticSeverity.Warning,
        "Result type without ToString()",
        "[TrackedAgent] method '{0}' returns '{1}', which does not override ToString(): the recorded response would be its type name");

    private static DiagnosticDescriptor Create(string id, string category, DiagnosticSeverity severity, string title, string message) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: DiagnosticIds.HelpLink(id));
}
