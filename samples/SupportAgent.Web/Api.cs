using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportAgent.Web;

/// <summary>A chat message from a user.</summary>
public sealed record ChatRequest(string Message, string? SessionId = null, string? UserId = null);

/// <summary>The agent's answer and the id of its run, for feedback.</summary>
public sealed record ChatResponse(string RunId, string Answer);

/// <summary>A user's rating of an answer: <c>thumbs_up</c> or <c>thumbs_down</c>, and/or a comment.</summary>
public sealed record FeedbackRequest(string RunId, string? Score = null, string? Text = null);

/// <summary>Whether The Context Company accepted the feedback (false without an API key).</summary>
public sealed record FeedbackResponse(bool Accepted);

/// <summary>What was wrong with a request.</summary>
public sealed record ErrorResponse(string Error);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChatRequest))]
[JsonSerializable(typeof(ChatResponse))]
[JsonSerializable(typeof(FeedbackRequest))]
[JsonSerializable(typeof(FeedbackResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class ApiJson : JsonSerializerContext;
