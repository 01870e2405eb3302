using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContextCompany.Extensions.AI.Tests.Infrastructure;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1) that answers OpenAI's chat-completions protocol as the weather model
/// does: offered tools and no tool result yet, it calls <c>get_weather</c> for London; otherwise it answers in
/// text. It reports usage with <c>prompt_tokens_details.cached_tokens</c>; asked to stream, it sends SSE chunks,
/// the usage in a last chunk when <c>stream_options.include_usage</c> is set, and <c>data: [DONE]</c>.
/// </summary>
public sealed class ChatCompletionsServer : IAsyncDisposable
{
    public const string ModelVersion = "gpt-4o-mini-2024-07-18";
    public const string ToolCallId = "call_Wz1Lq7x";

    private readonly ConcurrentQueue<JsonObject> _requests = new();
    private WebApplication? _app;

    private ChatCompletionsServer()
    {
    }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The request bodies received, in order.</summary>
    public IReadOnlyList<JsonObject> Requests => _requests.ToArray();

    public static async Task<ChatCompletionsServer> StartAsync()
    {
        ChatCompletionsServer server = new();
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        app.MapPost("/v1/chat/completions", server.CompleteAsync);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address + "/v1");
        server._app = app;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task CompleteAsync(HttpContext context)
    {
        JsonObject request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        _requests.Enqueue(request);

        JsonArray messages = request["messages"]!.AsArray();
        bool offeredTools = request["tools"] is JsonArray { Count: > 0 };
        bool answered = (string?)messages[^1]!["role"] == "tool";
        bool callTool = offeredTools && !answered;
        UsageCounts usage = callTool ? UsageCounts.ToolRound : UsageCounts.AnswerRound;

        if (request["stream"]?.GetValue<bool>() != true)
        {
            JsonObject message = callTool
                ? new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = new JsonArray(ToolCall(withArguments: true)) }
                : new JsonObject { ["role"] = "assistant", ["content"] = FakeWeatherModel.Answer };
            JsonObject completion = Envelope("chat.completion");
            completion["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = message,
                ["logprobs"] = null,
                ["finish_reason"] = callTool ? "tool_calls" : "stop",
            });
            completion["usage"] = usage.ToJson();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(completion.ToJsonString());
            return;
        }

        context.Response.ContentType = "text/event-stream";
        await SendAsync(context, Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, finishReason: null));
        if (callTool)
        {
            // The call's id and name first, then its arguments in pieces, as the service streams them.
            await SendAsync(context, Chunk(new JsonObject { ["tool_calls"] = new JsonArray(ToolCall(withArguments: false)) }, null));
            foreach (string piece in new[] { "{\"city\"", ":\"London\"}" })
            {
                JsonObject delta = new()
                {
                    ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = piece } }),
                };
                await SendAsync(context, Chunk(delta, null));
            }
        }
        else
        {
            string text = FakeWeatherModel.Answer;
            for (int i = 0; i < text.Length; i += 8)
            {
                await SendAsync(context, Chunk(new JsonObject { ["content"] = text.Substring(i, Math.Min(8, text.Length - i)) }, null));
            }
        }

        await SendAsync(context, Chunk(new JsonObject(), callTool ? "tool_calls" : "stop"));
        if (request["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
        {
            JsonObject last = Envelope("chat.completion.chunk");
            last["choices"] = new JsonArray();
            last["usage"] = usage.ToJson();
            await SendAsync(context, last.ToJsonString());
        }

        await SendAsync(context, "[DONE]");
    }

    private static JsonObject ToolCall(bool withArguments)
    {
        JsonObject call = new()
        {
            ["id"] = ToolCallId,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = "get_weather", ["arguments"] = withArguments ? "{\"city\":\"London\"}" : "" },
        };
        if (!withArguments)
        {
            call["index"] = 0;
        }

        return call;
    }

    private static JsonObject Envelope(string kind) => new()
    {
        ["id"] = "chatcmpl-test",
        ["object"] = kind,
        ["created"] = 1767225600,
        ["model"] = ModelVersion,
        ["system_fingerprint"] = "fp_test",
    };

    private static string Chunk(JsonObject delta, string? finishReason)
    {
        JsonObject chunk = Envelope("chat.completion.chunk");
        chunk["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finishReason });
        return chunk.ToJsonString();
    }

    private static async Task SendAsync(HttpContext context, string data)
    {
        await context.Response.WriteAsync("data: " + data + "\n\n", Encoding.UTF8);
        await context.Response.Body.FlushAsync();
    }

    /// <summary>Token counts of one round; the prompt count includes the cached tokens, as OpenAI reports it.</summary>
    public sealed record UsageCounts(int Prompt, int Cached, int Completion)
    {
        public static UsageCounts ToolRound { get; } = new(120, 20, 15);

        public static UsageCounts AnswerRound { get; } = new(180, 100, 12);

        public JsonObject ToJson() => new()
        {
            ["prompt_tokens"] = Prompt,
            ["completion_tokens"] = Completion,
            ["total_tokens"] = Prompt + Completion,
            ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = Cached, ["audio_tokens"] = 0 },
            ["completion_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0, ["audio_tokens"] = 0 },
        };
    }
}
