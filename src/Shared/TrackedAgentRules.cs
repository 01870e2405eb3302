// How a [TrackedAgent] method maps onto its run: the attribute names, the implementation-method naming
// rule and the prompt-parameter rule. Compiled into the generator (which applies them), the analyzers
// (which report when they cannot be applied) and the code fixes (which write what they expect), so none
// of them can disagree.

#nullable enable

using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ContextCompany
{
    internal static class TrackedAgentRules
    {
        public const string TrackedAgentAttribute = "ContextCompany.TrackedAgentAttribute";
        public const string PromptAttribute = "ContextCompany.PromptAttribute";
        public const string SystemPromptAttribute = "ContextCompany.SystemPromptAttribute";
        public const string SessionIdAttribute = "ContextCompany.SessionIdAttribute";
        public const string RunIdAttribute = "ContextCompany.RunIdAttribute";
        public const string MetadataAttribute = "ContextCompany.MetadataAttribute";
        public const string FullInputAttribute = "ContextCompany.FullInputAttribute";
        public const string AgentRunType = "ContextCompany.AgentRun";

        public const string ConversationalProperty = "Conversational";
        public const string SystemPromptProperty = "SystemPrompt";
        public const string ImplementationProperty = "Implementation";

        private const string AsyncSuffix = "Async";

        /// <summary>
        /// The implementation method's default name: <c>Core</c> inserted before a trailing <c>Async</c>
        /// (<c>AnswerAsync</c> → <c>AnswerCoreAsync</c>), else appended (<c>Answer</c> → <c>AnswerCore</c>).
        /// </summary>
        public static string DefaultImplementationName(string methodName) =>
            methodName.Length > AsyncSuffix.Length && methodName.EndsWith(AsyncSuffix, StringComparison.Ordinal)
                ? methodName.Substring(0, methodName.Length - AsyncSuffix.Length) + "Core" + AsyncSuffix
                : methodName + "Core";

        /// <summary>
        /// The implementation method's name: <paramref name="implementation"/> (the attribute's
        /// <c>Implementation</c> property) when it is set and not empty, else <see cref="DefaultImplementationName"/>.
        /// </summary>
        public static string ImplementationName(string methodName, string? implementation) =>
            string.IsNullOrEmpty(implementation) ? DefaultImplementationName(methodName) : implementation!;

        /// <summary>
        /// The implementation method's name for a method marked with <paramref name="trackedAgent"/> (its
        /// <c>[TrackedAgent]</c> attribute, or null when it has none): see <see cref="ImplementationName(string, string?)"/>.
        /// </summary>
        public static string ImplementationName(string methodName, AttributeData? trackedAgent)
        {
            string? implementation = null;
            if (trackedAgent is not null)
            {
                foreach (KeyValuePair<string, TypedConstant> argument in trackedAgent.NamedArguments)
                {
                    if (argument.Key == ImplementationProperty)
                    {
                        implementation = argument.Value.Value as string;
                    }
                }
            }

            return ImplementationName(methodName, implementation);
        }

        /// <summary>
        /// The prompt parameter: the one marked <c>[Prompt]</c>; without one, the one <c>string</c> parameter
        /// that carries no other SDK attribute. Returns its index, or -1 with <paramref name="problem"/> set.
        /// </summary>
        /// <param name="count">The number of parameters.</param>
        /// <param name="isString">Whether parameter i is a <c>string</c>.</param>
        /// <param name="hasPrompt">Whether parameter i has <c>[Prompt]</c>.</param>
        /// <param name="hasOtherSdkAttribute">Whether parameter i has another SDK attribute (<c>[SessionId]</c>, <c>[Metadata]</c>, <c>[FullInput]</c>, ...).</param>
        /// <param name="problem">Why there is no prompt parameter.</param>
        public static int FindPromptParameter(
            int count, Func<int, bool> isString, Func<int, bool> hasPrompt, Func<int, bool> hasOtherSdkAttribute, out PromptProblem problem)
        {
            int marked = -1;
            for (int i = 0; i < count; i++)
            {
                if (!hasPrompt(i))
                {
                    continue;
                }

                if (marked >= 0)
                {
                    problem = PromptProblem.SeveralMarked;
                    return -1;
                }

                marked = i;
            }

            if (marked >= 0)
            {
                problem = isString(marked) ? PromptProblem.None : PromptProblem.MarkedNotString;
                return problem == PromptProblem.None ? marked : -1;
            }

            int candidate = -1;
            for (int i = 0; i < count; i++)
            {
                if (!isString(i) || hasOtherSdkAttribute(i))
                {
                    continue;
                }

                if (candidate >= 0)
                {
                    problem = PromptProblem.SeveralCandidates;
                    return -1;
                }

                candidate = i;
            }

            problem = candidate >= 0 ? PromptProblem.None : PromptProblem.NoCandidate;
            return candidate;
        }
    }

    internal enum PromptProblem
    {
        None,
        NoCandidate,
        SeveralCandidates,
        SeveralMarked,
        MarkedNotString,
    }
}
