using System;
using System.Text.Json;
using System.Threading;

namespace ContextCompany.Model;

/// <summary>
/// The id of a run, step or tool call: the caller's text, or a generated UUID kept as its 16 bytes until its text
/// is asked for. The payload writer writes the bytes straight into the JSON, so a record whose id nobody reads
/// never allocates the 36-character string. A mutable struct: keep it in a field that is not read-only.
/// </summary>
internal struct RecordId
{
    private readonly Uuid _generated;
    private string? _text;

    /// <summary>Takes <paramref name="given"/>, or generates a new UUID when it is null.</summary>
    public RecordId(string? given)
    {
        if (given is null)
        {
            _generated = RunIds.NewUuid();
        }

        _text = given;
    }

    /// <summary>The id as text, formatted once; two threads that format at once both get the first string stored.</summary>
    public string Text => Volatile.Read(ref _text) ?? Format();

    /// <summary>Writes the id as a JSON string property, from its bytes while it has not been formatted.</summary>
    public readonly void WriteTo(Utf8JsonWriter json, JsonEncodedText name)
    {
        if (_text is { } text)
        {
            json.WriteString(name, text);
            return;
        }

        // Formatted or not, the bytes spell the same id: a thread that formats it meanwhile changes nothing here.
        Span<byte> utf8 = stackalloc byte[Uuid.Length];
        _generated.FormatUtf8(utf8);
        json.WriteString(name, utf8);
    }

    private string Format()
    {
        Interlocked.CompareExchange(ref _text, _generated.ToString(), null);
        return _text!;
    }
}
