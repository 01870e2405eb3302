using System;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace ContextCompany.Redaction;

/// <summary>
/// Removes credentials from status and error messages before they leave the process, with the rules of
/// the Python and TypeScript SDKs. Exception messages often quote a request, a URL or a configuration
/// line; none of the secrets in them should reach the service.
/// </summary>
internal static class StatusMessageRedactor
{
    private const string Redacted = "[REDACTED]";
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

    // A pathological message must not stall the caller's End()/Error(): each rule gets a time budget.
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private static readonly (Regex Pattern, string Replacement)[] Rules =
    {
        // "Authorization: Bearer X", "Authorization=Basic X": the whole credential goes, scheme included.
        (new Regex(@"\bAuthorization\s*[:=]\s*(?:Bearer|Basic)\s+[^\s,;""')\]}>]+", Options, MatchTimeout), "Authorization=" + Redacted),

        // https://user:password@host: keep the user, drop the password.
        (new Regex(@"(://[^\s:/@]+:)[^\s@/]+@", Options, MatchTimeout), "$1" + Redacted + "@"),

        // key=value and key: value for the usual secret names.
        (new Regex(
            @"\b(api_key|api-key|apikey|access_token|refresh_token|id_token|client_secret|secret|password|passwd|pwd|authorization|bearer)\s*[:=]\s*(?!\[REDACTED\])(?:""[^""]*""|'[^']*'|[^\s,;&""')\]}>]+)",
            Options,
            MatchTimeout), "$1=" + Redacted),

        // A bare bearer token.
        (new Regex(@"\bBearer\s+(?!\[REDACTED\])[A-Za-z0-9\-._~+/]+=*", Options, MatchTimeout), "Bearer " + Redacted),

        // Basic credentials: base64 of at least 12 characters.
        (new Regex(@"\bBasic\s+[A-Za-z0-9+/]{12,}={0,2}", Options, MatchTimeout), "Basic " + Redacted),

        // Well-known token shapes: OpenAI, Slack, GitHub, service tokens.
        (new Regex(@"\bsk-(?:proj-)?[A-Za-z0-9_\-]{16,}", Options, MatchTimeout), Redacted),
        (new Regex(@"\bxox[abprs]-[A-Za-z0-9\-]{10,}", Options, MatchTimeout), Redacted),
        (new Regex(@"\bgh[pousr]_[A-Za-z0-9]{16,}", Options, MatchTimeout), Redacted),
        (new Regex(@"\bservice_[A-Za-z0-9_\-]{16,}", Options, MatchTimeout), Redacted),
    };

    /// <summary><see cref="Redact"/> for an optional message: null stays null.</summary>
    [return: NotNullIfNotNull(nameof(message))]
    public static string? RedactOrNull(string? message) => message is null ? null : Redact(message);

    /// <summary>Returns <paramref name="message"/> with every credential replaced by <c>[REDACTED]</c>.</summary>
    public static string Redact(string message)
    {
        string result = message;
        foreach ((Regex pattern, string replacement) in Rules)
        {
            try
            {
                result = pattern.Replace(result, replacement);
            }
            catch (RegexMatchTimeoutException)
            {
                // Safer to lose the message than to leak what it may hold.
                return Redacted;
            }
        }

        return result;
    }
}
