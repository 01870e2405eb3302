namespace ContextCompany;

/// <summary>
/// The reserved metadata keys the service promotes to first-class fields (agent, user and organization
/// identity). Any other key starting with <c>tcc.</c> is not recognized and is dropped on export.
/// </summary>
public static class TccMetadataKeys
{
    /// <summary><c>tcc.runId</c>.</summary>
    public const string RunId = TccRules.RunIdKey;

    /// <summary><c>tcc.sessionId</c>.</summary>
    public const string SessionId = TccRules.SessionIdKey;

    /// <summary><c>tcc.conversational</c>.</summary>
    public const string Conversational = TccRules.ConversationalKey;

    /// <summary><c>tcc.agent</c>: scopes the run to a named agent. Names equal to a dashboard route (<c>runs</c>, <c>sessions</c>, ...) are dropped.</summary>
    public const string Agent = TccRules.AgentKey;

    /// <summary><c>tcc.userId</c>: the end user's stable identifier.</summary>
    public const string UserId = TccRules.UserIdKey;

    /// <summary><c>tcc.userName</c>: the end user's display name. Dropped unless <see cref="UserId"/> is also set.</summary>
    public const string UserName = TccRules.UserNameKey;

    /// <summary><c>tcc.orgId</c>: the end user's organization identifier.</summary>
    public const string OrgId = TccRules.OrgIdKey;

    /// <summary><c>tcc.orgName</c>: the organization's display name. Dropped unless <see cref="OrgId"/> is also set.</summary>
    public const string OrgName = TccRules.OrgNameKey;
}
