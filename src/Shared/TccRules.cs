// The rules of The Context Company service that both the runtime (which applies them when a run is
// exported) and the analyzers (which report them at compile time) need. This one file is compiled into
// each project that needs it, so the two can never disagree.

#nullable enable

using System;

namespace ContextCompany
{
    internal static class TccRules
    {
        /// <summary>Every key with this prefix (in any letter case) is reserved by the service.</summary>
        public const string ReservedKeyPrefix = "tcc.";

        public const string RunIdKey = "tcc.runId";
        public const string SessionIdKey = "tcc.sessionId";
        public const string ConversationalKey = "tcc.conversational";
        public const string AgentKey = "tcc.agent";
        public const string UserIdKey = "tcc.userId";
        public const string UserNameKey = "tcc.userName";
        public const string OrgIdKey = "tcc.orgId";
        public const string OrgNameKey = "tcc.orgName";

        /// <summary>The reserved metadata keys the service recognizes, compared exactly (ordinal).</summary>
        public static readonly string[] ReservedKeys =
        {
            RunIdKey, SessionIdKey, ConversationalKey, AgentKey, UserIdKey, UserNameKey, OrgIdKey, OrgNameKey,
        };

        /// <summary>
        /// Dashboard routes: a <c>tcc.agent</c> value equal to one of these (case-insensitively, after trimming)
        /// would collide with the dashboard's own pages, so the service drops it.
        /// </summary>
        public static readonly string[] ReservedAgentNames =
        {
            "runs", "sessions", "patterns", "recaps", "overview", "search", "failures", "feedback", "tools",
            "topics", "views", "settings", "mcp-and-api",
        };

        /// <summary>The environment variable that holds the API key.</summary>
        public const string ApiKeyVariable = "TCC_API_KEY";

        /// <summary>API keys start with one of these: production keys, and development keys (routed to the development service).</summary>
        public const string ProductionKeyPrefix = "tcc_";

        public const string DevelopmentKeyPrefix = "dev_";

        public const string ThumbsUp = "thumbs_up";
        public const string ThumbsDown = "thumbs_down";

        /// <summary>Longest feedback text the service accepts, in UTF-16 code units (<c>string.Length</c>).</summary>
        public const int MaxFeedbackTextLength = 2000;

        public static bool IsReservedKey(string key)
        {
            foreach (string reserved in ReservedKeys)
            {
                if (string.Equals(reserved, key, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The identity names, each with the ID key it needs on the same run: the service drops
        /// <c>tcc.userName</c> without <c>tcc.userId</c>, and <c>tcc.orgName</c> without <c>tcc.orgId</c>.
        /// </summary>
        public static readonly (string NameKey, string IdKey)[] IdentityKeys =
        {
            (UserNameKey, UserIdKey),
            (OrgNameKey, OrgIdKey),
        };

        /// <summary>The ID key an identity name needs on the same run (<c>tcc.userName</c> → <c>tcc.userId</c>), or null for any other key.</summary>
        public static string? RequiredIdKey(string key)
        {
            foreach ((string nameKey, string idKey) in IdentityKeys)
            {
                if (string.Equals(nameKey, key, StringComparison.Ordinal))
                {
                    return idKey;
                }
            }

            return null;
        }

        /// <summary>A key in the reserved <c>tcc.</c> namespace (any letter case) that the service does not recognize.</summary>
        public static bool IsUnknownReservedKey(string key) =>
            key.StartsWith(ReservedKeyPrefix, StringComparison.OrdinalIgnoreCase) && !IsReservedKey(key);

        /// <summary>The reserved key a mistyped one most likely meant (<c>tcc.userID</c>, <c>tcc.user_id</c>), or null.</summary>
        public static string? IntendedReservedKey(string key)
        {
            if (!key.StartsWith(ReservedKeyPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            string wanted = Simplify(key.Substring(ReservedKeyPrefix.Length));
            foreach (string reserved in ReservedKeys)
            {
                if (Simplify(reserved.Substring(ReservedKeyPrefix.Length)) == wanted)
                {
                    return reserved;
                }
            }

            return null;

            static string Simplify(string name) =>
                name.Replace("_", string.Empty).Replace("-", string.Empty).ToLowerInvariant();
        }

        public static bool IsReservedAgentName(string? agentName)
        {
            if (agentName is null)
            {
                return false;
            }

            string trimmed = agentName.Trim();
            foreach (string route in ReservedAgentNames)
            {
                if (string.Equals(route, trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Exact, case-sensitive: only <c>thumbs_up</c> and <c>thumbs_down</c>.</summary>
        public static bool IsValidFeedbackScore(string? score) =>
            string.Equals(score, ThumbsUp, StringComparison.Ordinal) ||
            string.Equals(score, ThumbsDown, StringComparison.Ordinal);

        public static bool IsFeedbackTextTooLong(string? text) => text is not null && text.Length > MaxFeedbackTextLength;
    }
}
