using System;
using System.Security.Cryptography;
using System.Text;
using ContextCompany.Tool.Runs;

namespace ContextCompany.Tool.Sending;

/// <summary>The kinds of item a runs file holds, as the sent record and the summary name them.</summary>
internal enum ItemKind
{
    Run,
    Step,
    ToolCall,
    Feedback,
}

/// <summary>
/// One item of a runs file to send: a run, a step, a tool call or feedback, with the bytes the SDK wrote for
/// it (the request body it would have posted) and the key it is recorded under once delivered.
/// </summary>
internal sealed class SendItem
{
    public SendItem(RunFileRecord record, ReadOnlySpan<byte> json, int lineNumber)
    {
        Record = record;
        LineNumber = lineNumber;
        Kind = KindOf(record);
        Key = KeyOf(Kind, record, json);
        Json = json.ToArray();
    }

    public RunFileRecord Record { get; }

    public ItemKind Kind { get; }

    /// <summary>The item's JSON as the file has it (feedback keeps its <c>"type":"feedback"</c> tag here).</summary>
    public byte[] Json { get; }

    public int LineNumber { get; }

    /// <summary>What the sent record holds for it once delivered (<see cref="KeyOf"/>).</summary>
    public string Key { get; }

    /// <summary>The item's own id: the run id for runs and feedback, else the step or tool call id.</summary>
    public string Id => IdOf(Record);

    /// <summary>How the summary names it: <c>run 3f2a…</c>, <c>step 9c1e…</c>.</summary>
    public string Describe() => $"{Name(Kind)} {Id} (line {LineNumber})";

    /// <summary>
    /// <c>{kind} {id} {hash}</c>: the kind, the item's id, and the first 16 hex digits of the SHA-256 of its JSON.
    /// The hash makes a run id written twice with different content two items, both sent (as the SDK would
    /// have sent both with an API key); the same content written twice is one item, sent once.
    /// </summary>
    public static string KeyOf(ItemKind kind, RunFileRecord record, ReadOnlySpan<byte> json)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(json, hash);
        return Name(kind) + " " + Printable(IdOf(record)) + " " + Convert.ToHexString(hash[..8]).ToLowerInvariant();
    }

    public static ItemKind KindOf(RunFileRecord record) => record switch
    {
        RunRecord => ItemKind.Run,
        StepRecord => ItemKind.Step,
        ToolCallRecord => ItemKind.ToolCall,
        _ => ItemKind.Feedback,
    };

    /// <summary>The wire name of a kind: <c>run</c>, <c>step</c>, <c>tool_call</c>, <c>feedback</c>.</summary>
    public static string Name(ItemKind kind) => kind switch
    {
        ItemKind.Run => "run",
        ItemKind.Step => "step",
        ItemKind.ToolCall => "tool_call",
        _ => "feedback",
    };

    private static string IdOf(RunFileRecord record) => record switch
    {
        StepRecord step => step.StepId,
        ToolCallRecord toolCall => toolCall.ToolCallId,
        _ => record.RunId,
    };

    /// <summary>An id as one line of the sent record: control characters (a line break in a caller-chosen id) become '?'; the hash still tells items apart.</summary>
    private static string Printable(string id)
    {
        if (!id.AsSpan().ContainsAnyInRange('\0', '\x1f'))
        {
            return id;
        }

        StringBuilder text = new(id.Length);
        foreach (char c in id)
        {
            text.Append(char.IsControl(c) ? '?' : c);
        }

        return text.ToString();
    }
}
