using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace ContextCompany.Extensions.AI.Recording;

/// <summary>
/// Chat content as the JSON text a step or tool call records, written with <see cref="Utf8JsonWriter"/>.
/// Messages take the OpenTelemetry generative-AI message shape, the one the runtime's Activities use:
/// <c>[{"role":"user","parts":[{"type":"text","content":"..."},{"type":"tool_call","id":"...","name":"...","arguments":{...}},
/// {"type":"tool_call_response","id":"...","response":...}]}]</c>; <c>ChatOptions.Instructions</c> come first as a
/// <c>system</c> message. User values (arguments, results) are written as they are when they are JSON already
/// (the usual case: <c>AIFunctionFactory</c> returns <see cref="JsonElement"/>), else through
/// <see cref="AIJsonUtilities.DefaultOptions"/>' contracts, else as their text: no reflection-based serialization.
/// </summary>
internal static class ChatContentJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The request messages, preceded by the options' instructions as a system message.</summary>
    public static string Messages(IEnumerable<ChatMessage> messages, string? instructions) => Write((messages, instructions), static (json, state) =>
    {
        json.WriteStartArray();
        if (!string.IsNullOrEmpty(state.instructions))
        {
            json.WriteStartObject();
            json.WriteString("role", "system");
            json.WriteStartArray("parts");
            WriteTextPart(json, state.instructions!);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        foreach (ChatMessage message in state.messages)
        {
            json.WriteStartObject();
            json.WriteString("role", message.Role.Value);
            json.WriteStartArray("parts");
            foreach (AIContent content in message.Contents)
            {
                WritePart(json, content);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    /// <summary>The response's text or, when it has none, the tool calls it requested (<c>[{"id","name","arguments"}]</c>).</summary>
    public static string Response(ChatResponse response)
    {
        string text = response.Text;
        if (text.Length > 0)
        {
            return text;
        }

        return Write(response.Messages, static (json, messages) =>
        {
            json.WriteStartArray();
            foreach (ChatMessage message in messages)
            {
                foreach (AIContent content in message.Contents)
                {
                    if (content is FunctionCallContent call)
                    {
                        WriteCall(json, call, typed: false);
                    }
                }
            }

            json.WriteEndArray();
        });
    }

    /// <summary>The offered tools (<c>[{"type":"function","name","description","parameters"}]</c>), or null when there are none.</summary>
    public static string? ToolDefinitions(IList<AITool>? tools)
    {
        if (tools is not { Count: > 0 })
        {
            return null;
        }

        return Write(tools, static (json, tools) =>
        {
            json.WriteStartArray();
            foreach (AITool tool in tools)
            {
                json.WriteStartObject();
                json.WriteString("type", tool is AIFunctionDeclaration ? "function" : "tool");
                json.WriteString("name", tool.Name);
                if (!string.IsNullOrEmpty(tool.Description))
                {
                    json.WriteString("description", tool.Description);
                }

                if (tool is AIFunctionDeclaration function && function.JsonSchema.ValueKind != JsonValueKind.Undefined)
                {
                    json.WritePropertyName("parameters");
                    function.JsonSchema.WriteTo(json);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    /// <summary>A tool call's arguments as a JSON object.</summary>
    public static string Arguments(IEnumerable<KeyValuePair<string, object?>>? arguments) => Write(arguments, WriteArguments);

    /// <summary>A tool's result (or any value) as JSON text.</summary>
    public static string Value(object? value) => Write(value, WriteValue);

    /// <summary>The text of the last user message, or null when there is none.</summary>
    public static string? LastUserText(IEnumerable<ChatMessage> messages)
    {
        string? last = null;
        foreach (ChatMessage message in messages)
        {
            if (message.Role == ChatRole.User)
            {
                last = message.Text;
            }
        }

        return last;
    }

    private static void WritePart(Utf8JsonWriter json, AIContent content)
    {
        switch (content)
        {
            case TextContent text:
                WriteTextPart(json, text.Text);
                break;
            case TextReasoningContent reasoning:
                json.WriteStartObject();
                json.WriteString("type", "reasoning");
                json.WriteString("content", reasoning.Text);
                json.WriteEndObject();
                break;
            case FunctionCallContent call:
                WriteCall(json, call, typed: true);
                break;
            case FunctionResultContent result:
                json.WriteStartObject();
                json.WriteString("type", "tool_call_response");
                json.WriteString("id", result.CallId);
                json.WritePropertyName("response");
                WriteValue(json, result.Result);
                json.WriteEndObject();
                break;
            case DataContent data:
                json.WriteStartObject();
                json.WriteString("type", "blob");
                json.WriteString("mime_type", data.MediaType);
                json.WriteEndObject();
                break;
            case UriContent uri:
                json.WriteStartObject();
                json.WriteString("type", "uri");
                json.WriteString("mime_type", uri.MediaType);
                json.WriteString("uri", uri.Uri.ToString());
                json.WriteEndObject();
                break;
            default:
                // Usage, annotations and provider-specific contents say nothing about the conversation itself.
                break;
        }
    }

    /// <summary>A requested tool call; <paramref name="typed"/> adds the message part's <c>"type":"tool_call"</c>.</summary>
    private static void WriteCall(Utf8JsonWriter json, FunctionCallContent call, bool typed)
    {
        json.WriteStartObject();
        if (typed)
        {
            json.WriteString("type", "tool_call");
        }

        json.WriteString("id", call.CallId);
        json.WriteString("name", call.Name);
        json.WritePropertyName("arguments");
        WriteArguments(json, call.Arguments);
        json.WriteEndObject();
    }

    private static void WriteTextPart(Utf8JsonWriter json, string text)
    {
        json.WriteStartObject();
        json.WriteString("type", "text");
        json.WriteString("content", text);
        json.WriteEndObject();
    }

    private static void WriteArguments(Utf8JsonWriter json, IEnumerable<KeyValuePair<string, object?>>? arguments)
    {
        json.WriteStartObject();
        if (arguments is not null)
        {
            foreach (KeyValuePair<string, object?> argument in arguments)
            {
                json.WritePropertyName(argument.Key);
                WriteValue(json, argument.Value);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                return;
            case JsonElement element when element.ValueKind != JsonValueKind.Undefined:
                element.WriteTo(json);
                return;
            case string text:
                json.WriteStringValue(text);
                return;
            case bool flag:
                json.WriteBooleanValue(flag);
                return;
            case int number:
                json.WriteNumberValue(number);
                return;
            case long number:
                json.WriteNumberValue(number);
                return;
            case double number when !double.IsNaN(number) && !double.IsInfinity(number):
                json.WriteNumberValue(number);
                return;
            case decimal number:
                json.WriteNumberValue(number);
                return;
        }

        // Other values go through Microsoft.Extensions.AI's own contracts (source-generated for its types, reflection
        // only where the application allows it); a type they cannot write is recorded as its text rather than lost.
        string? serialized = null;
        try
        {
            serialized = JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
        }
        catch (NotSupportedException)
        {
        }
        catch (InvalidOperationException)
        {
        }

        if (serialized is null)
        {
            json.WriteStringValue(value.ToString());
        }
        else
        {
            json.WriteRawValue(serialized, skipInputValidation: true);
        }
    }

    private static string Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        using MemoryStream buffer = new();
        using (Utf8JsonWriter json = new(buffer, WriterOptions))
        {
            write(json, state);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
