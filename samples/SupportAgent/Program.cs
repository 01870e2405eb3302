using ContextCompany;
using SupportAgent;

// A simulated support agent (a deterministic fake model, no LLM needed): a conversation in one session with
// model steps and a weather tool, a failed run, user feedback, then the same agent through [TrackedAgent]
// wrappers (sync, async, streaming); all recorded with the ContextCompany SDK. With no TCC_API_KEY nothing leaves the machine: the runs are
// written to ./.tcc/runs.jsonl. With TCC_API_KEY (and optionally TCC_BASE_URL) they go to the service.

Console.WriteLine("ContextCompany sample: a support agent that answers weather questions");
Console.WriteLine();

WeatherAgent agent = new(new FakeModel());
Customer jane = new("user-123", "Jane Doe", "org-456", "Acme Inc.", "pro");
string sessionId = Guid.NewGuid().ToString();
int failures = 0;

string[] conversation = ["What is the weather in London?", "What about Paris?", "And in Atlantis?"];
List<AgentRun> runs = [];
foreach (string question in conversation)
{
    Console.WriteLine($"user  > {question}");
    try
    {
        Console.WriteLine($"agent > {agent.Answer(question, sessionId, jane)}");
        RunLog.Finish(agent.LastRun.RunId, "ok");
    }
    catch (HttpRequestException e)
    {
        failures++;
        Console.WriteLine($"agent > (failed: {e.Message})");
        RunLog.Finish(agent.LastRun.RunId, "failed");
    }

    runs.Add(agent.LastRun);
    Console.WriteLine($"        run {agent.LastRun.RunId}, session {sessionId[..8]}");
    Console.WriteLine();
}

// Feedback: Jane liked the answer about Paris (on the run object, Python r.feedback(...)); her client
// later reports the failed run by its id with a score that arrives as a string (tcc.submit_feedback).
bool liked = await runs[1].FeedbackAsync(FeedbackScore.ThumbsUp, "Very helpful!");
bool reported = await Tcc.SubmitFeedbackAsync(runs[2].RunId, "thumbs_down", "Atlantis is not a real city; the agent could have said so.");
Console.WriteLine(liked && reported
    ? "feedback: 2 submissions accepted by the service"
    : "feedback: 2 submissions recorded (the service accepts them only with an API key)");

// The same agent with [TrackedAgent]: the generated wrappers record one run per call.
Console.WriteLine();
Console.WriteLine("With [TrackedAgent] (generated wrappers):");
TrackedSupportAgent tracked = new();
Console.WriteLine($"classify > {tracked.Classify("Can I get a refund for my umbrella?", jane.Id)}");
RunLog.Finish(RunLog.Last, "ok");
Console.WriteLine($"async    > {await tracked.AnswerAsync("What is the weather in Tokyo?", sessionId, jane.Id, jane.Name)}");
RunLog.Finish(RunLog.Last, "ok");
Console.Write("stream   > ");
await foreach (string chunk in tracked.StreamAnswerAsync("What about Paris?"))
{
    Console.Write(chunk); // chunks arrive as the model produces them
}

RunLog.Finish(RunLog.Last, "ok");
Console.WriteLine();

bool delivered = await Tcc.FlushAsync(TimeSpan.FromSeconds(10));
TccDeliveryStatistics stats = Tcc.Statistics;
Console.WriteLine();
RunLog.Print(Console.Out);
Console.WriteLine();
Console.WriteLine($"{conversation.Length + 3} runs ({failures} failed), {stats.Enqueued} items recorded: {stats}");
Console.WriteLine(Tcc.Client.LocalFilePath is { } path
    ? $"Runs written to {path} (set TCC_API_KEY to send them to The Context Company)."
    : delivered && stats.Failed == 0 && stats.Dropped == 0
        ? "Runs delivered to The Context Company."
        : "Some runs were not delivered; set TCC_DEBUG=1 for details.");
return delivered ? 0 : 1;
