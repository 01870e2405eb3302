// The support agent as a web API. Runs are recorded by the [TrackedAgent] wrapper of ChatAgent and
// delivered by the hosting package, which flushes them when the application stops.
//
//   dotnet run --project samples/SupportAgent.Web
//   curl -s localhost:5080/chat -H 'content-type: application/json' -d '{"message":"Weather in London?","sessionId":"s-1","userId":"u-1"}'
//   curl -s localhost:5080/feedback -H 'content-type: application/json' -d '{"runId":"<runId from /chat>","score":"thumbs_up"}'
//   curl -s localhost:5080/health
//
// Tracing__Console=true prints the OpenTelemetry spans (request, invoke_agent, chat, execute_tool).
using ContextCompany;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SupportAgent.Web;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);

// Options from TCC_* variables and the "ContextCompany" section of the configuration.
builder.Services.AddContextCompany();
builder.Services.AddHealthChecks().AddContextCompany();
builder.Services.AddSingleton<ChatAgent>();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJson.Default));

if (builder.Configuration.GetValue<bool>("Tracing:Console"))
{
    builder.Services.AddOpenTelemetry()
        .ConfigureResource(resource => resource.AddService("support-agent-web"))
        .WithTracing(tracing => tracing
            .AddAspNetCoreInstrumentation()
            .AddSource(Tcc.ActivitySourceName)
            .AddConsoleExporter());
}

WebApplication app = builder.Build();

app.MapPost("/chat", async (ChatRequest request, ChatAgent agent, CancellationToken cancellationToken) =>
{
    if (string.IsNullOrWhiteSpace(request.Message))
    {
        return Results.BadRequest(new ErrorResponse("message is required"));
    }

    string runId = Guid.NewGuid().ToString();
    string answer = await agent.AnswerAsync(request.Message, runId, request.SessionId, request.UserId, cancellationToken);
    return Results.Ok(new ChatResponse(runId, answer));
});

app.MapPost("/feedback", async (FeedbackRequest request, CancellationToken cancellationToken) =>
{
    try
    {
        bool accepted = await Tcc.SubmitFeedbackAsync(request.RunId, request.Score, request.Text, cancellationToken);
        return Results.Ok(new FeedbackResponse(accepted));
    }
    catch (ArgumentException ex)
    {
        // An unknown score, no score and no text, or text over 2000 characters: the SDK says which.
        return Results.BadRequest(new ErrorResponse(ex.Message));
    }
});

app.MapHealthChecks("/health");

app.Run();
