using System;
using System.Runtime.CompilerServices;
using Microsoft.Agents.AI;

namespace ContextCompany;

/// <summary>
/// The ContextCompany session id of an Agent Framework <see cref="AgentSession"/>. A session has no id of
/// its own (a <c>ChatClientAgentSession</c>'s <c>ConversationId</c> is the model service's, often null and
/// allowed to change), so one is made at its first run and kept in the session's state bag: it travels
/// with the session when the application serializes it (a conversation resumed in a later request keeps
/// its id). If the state bag refuses it, the id is kept beside the session object for its lifetime.
/// </summary>
internal static class AgentSessionIds
{
    /// <summary>The state-bag key; namespaced so it cannot collide with the framework's providers.</summary>
    internal const string StateKey = "ContextCompany.SessionId";

    private static readonly ConditionalWeakTable<AgentSession, string> Fallback = new();

    /// <summary>The session's id, made on first use.</summary>
    public static string Of(AgentSession session)
    {
        try
        {
            // Two first runs of one session at once may both miss: the later write wins and the earlier
            // run keeps its own id. Turns of one conversation are sequential, so this is left unguarded.
            if (session.StateBag.TryGetValue(StateKey, out string? id) && !string.IsNullOrEmpty(id))
            {
                return id!;
            }

            id = NewId();
            session.StateBag.SetValue(StateKey, id);
            return id;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or System.Text.Json.JsonException)
        {
            return Fallback.GetValue(session, static _ => NewId());
        }
    }

    private static string NewId() => Guid.NewGuid().ToString("D");
}
