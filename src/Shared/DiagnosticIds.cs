// The diagnostic IDs of the ContextCompany analyzers and the pages that explain them
// (docs/diagnostics/<ID>.md). Compiled into the generator (which names them in the bodies of declarations
// it cannot wrap), the analyzers and the code fixes, so the three always agree.

namespace ContextCompany
{
    internal static class DiagnosticIds
    {
        public const string EndWithoutPrompt = "TCC001";
        public const string ReservedAgentName = "TCC002";
        public const string NameWithoutId = "TCC003";
        public const string InvalidFeedbackScore = "TCC004";
        public const string InvalidFeedback = "TCC005";
        public const string UseAfterEnd = "TCC006";
        public const string UnknownReservedKey = "TCC007";
        public const string RunNeverEnded = "TCC008";
        public const string IncompleteStepOrToolCall = "TCC009";
        public const string NotPartialDeclaration = "TCC010";
        public const string NoImplementation = "TCC011";
        public const string NoPrompt = "TCC012";
        public const string UnsupportedSignature = "TCC013";
        public const string HardCodedApiKey = "TCC014";
        public const string EmptyAgentName = "TCC015";
        public const string ResultWithoutToString = "TCC016";

        /// <summary>Where the rule pages live: docs/diagnostics/&lt;ID&gt;.md of the repository.</summary>
        public const string HelpLinkBase = "https://github.com/thecontextcompany/contextcompany-dotnet/blob/main/docs/diagnostics/";

        /// <summary>The page that explains the rule <paramref name="id"/>: the descriptors' help link, and the generator's messages.</summary>
        public static string HelpLink(string id) => HelpLinkBase + id + ".md";
    }
}
