using System;
using ContextCompany.Redaction;

namespace ContextCompany.Tool.Output;

/// <summary>An exception of the SDK (a bad URL, an unusable storage directory) as one line of the tool's output.</summary>
internal static class SdkMessage
{
    private const string Tag = "[TCC] ";

    /// <summary>
    /// The SDK's message without its <c>[TCC]</c> tag (it marks the SDK's lines among an application's output; the
    /// tool's line says <c>tcc:</c>) and without the parameter name an <see cref="ArgumentException"/> appends,
    /// credentials redacted.
    /// </summary>
    public static string Of(Exception exception)
    {
        string message = StatusMessageRedactor.Redact(exception.Message);
        message = message.StartsWith(Tag, StringComparison.Ordinal) ? message[Tag.Length..] : message;
        return exception is ArgumentException { ParamName: { } name } && message.EndsWith($" (Parameter '{name}')", StringComparison.Ordinal)
            ? message[..^$" (Parameter '{name}')".Length]
            : message;
    }
}
