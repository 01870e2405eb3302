namespace SupportAgent;

/// <summary>What the sample did, run by run, for the summary it prints at the end.</summary>
internal static class RunLog
{
    private static readonly List<Entry> Entries = [];

    public static void Begin(string runId, string how, string prompt) => Entries.Add(new Entry(runId, how, prompt));

    public static void Step(string runId) => Find(runId).Steps++;

    public static void ToolCall(string runId) => Find(runId).ToolCalls++;

    public static void Finish(string runId, string outcome) => Find(runId).Outcome = outcome;

    /// <summary>The run the last tracked call recorded (its implementation saw it as <c>AgentRun.Current</c>).</summary>
    public static string Last => Entries[^1].RunId;

    public static void Print(TextWriter output)
    {
        output.WriteLine("Runs:");
        foreach (Entry entry in Entries)
        {
            output.WriteLine(
                $"  {entry.RunId[..8]}  {entry.How,-8} {entry.Outcome,-7} {Plural(entry.Steps, "step"),-8} {Plural(entry.ToolCalls, "tool call"),-13} {entry.Prompt}");
        }
    }

    private static Entry Find(string runId) => Entries.Last(e => e.RunId == runId);

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private sealed class Entry(string runId, string how, string prompt)
    {
        public string RunId { get; } = runId;

        public string How { get; } = how;

        public string Prompt { get; } = prompt;

        public string Outcome { get; set; } = "open";

        public int Steps { get; set; }

        public int ToolCalls { get; set; }
    }
}
