using System;
using System.Collections.Generic;
using System.Text.Json;
using ContextCompany.Tool.Runs;

namespace ContextCompany.Tool.Sending;

/// <summary>Receives one item of a runs file: its record, its JSON (valid only during the call) and its line.</summary>
internal delegate void ItemHandler(RunFileRecord record, ReadOnlySpan<byte> json, int lineNumber);

/// <summary>
/// Streams the items of a runs file: each line's item, and each item of a <c>batch</c> line on its own (with
/// its own bytes, so it is sent and recorded like an item written on its own line). Lines that are not items
/// are collected with their numbers and why.
/// </summary>
internal sealed class RunsFileItems
{
    private readonly List<RunFileRecord> _records = [];
    private readonly List<RunFileError> _errors = [];

    /// <summary>The lines that could not be read, in file order (from the last <see cref="Read"/>).</summary>
    public IReadOnlyList<RunFileError> Errors => _errors;

    /// <summary>Reads the whole file, calling <paramref name="onItem"/> for each item in file order.</summary>
    /// <exception cref="System.IO.IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public void Read(string path, ItemHandler onItem)
    {
        _errors.Clear();
        new RunFileReader().ReadToEnd(path, (line, number) =>
        {
            // The whole line is parsed first, so a batch with one bad item is reported as one bad line.
            _records.Clear();
            if (RecordParser.Parse(line, number, _records) is { } error)
            {
                _errors.Add(new RunFileError(number, error));
                return;
            }

            // Most lines are one item: the parse above is its record, no second pass. Only a line that may be a
            // batch is split into its items' bytes (the text test lets a prompt that says "batch" through, harmlessly).
            if (_records.Count == 1 && line.IndexOf("\"batch\""u8) < 0)
            {
                onItem(_records[0], line, number);
                return;
            }

            Split(line, number, onItem, depth: 0);
        });
    }

    private void Split(ReadOnlySpan<byte> json, int number, ItemHandler onItem, int depth)
    {
        List<Range>? items = depth < 4 ? BatchItems(json) : null;
        if (items is null)
        {
            _records.Clear();
            RecordParser.Parse(json, number, _records);
            if (_records.Count == 1)
            {
                onItem(_records[0], json, number);
            }

            return;
        }

        foreach (Range item in items)
        {
            Split(json[item], number, onItem, depth + 1);
        }
    }

    /// <summary>The byte ranges of the items of a <c>{"type":"batch","items":[...]}</c> object; null when it is not a batch.</summary>
    private static List<Range>? BatchItems(ReadOnlySpan<byte> json)
    {
        Utf8JsonReader reader = new(json);
        reader.Read();
        bool batch = false;
        List<Range>? items = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                batch = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("batch"u8);
            }
            else
            {
                bool isItems = reader.ValueTextEquals("items"u8);
                reader.Read();
                if (isItems && reader.TokenType == JsonTokenType.StartArray)
                {
                    items = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        int start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        items.Add(start..(int)reader.BytesConsumed);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        return batch ? items ?? [] : null;
    }
}
