using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Release0.Sandbox.Agents;

/// <summary><c>POST /v1/api/chat/{slug}</c>: whole replies in the Strapi envelope, or Server-Sent Events.</summary>
internal sealed class AgentMessageEndpoints
{
    private readonly BoundedStore<int> _conversations;
    private readonly string _token;
    private readonly StreamGate _gate;
    private int _rateLimitedCalls;

    public AgentMessageEndpoints(string token, StreamGate gate, int maxConversations)
    {
        _token = token;
        _gate = gate;
        _conversations = new BoundedStore<int>(maxConversations);
    }

    public void Map(IEndpointRouteBuilder app) => app.MapPost("/v1/api/chat/{slug}", HandleAsync);

    private async Task HandleAsync(HttpContext context, string slug)
    {
        if (!JsonBody.HasBearer(context, _token))
        {
            await StrapiErrors.WriteAsync(context, 401, "UnauthorizedError", "Missing or invalid credentials");
            return;
        }

        var (body, status, _, problem) = await JsonBody.ReadAsync(context);
        if (body is null)
        {
            await StrapiErrors.WriteAsync(context, status, status == 415 ? "ApplicationError" : "ValidationError", problem);
            return;
        }

        if (JsonBody.String(body["message"]) is not { Length: > 0 } message || string.IsNullOrWhiteSpace(message))
        {
            await StrapiErrors.ValidationAsync(context, "message", "message is a required field");
            return;
        }

        var stream = body["stream"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True;
        if (body["stream"] is { } streamNode && streamNode.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            await StrapiErrors.ValidationAsync(context, "stream", "stream must be a `boolean` type");
            return;
        }

        if (!SlugAgents.Slugs.Contains(slug))
        {
            await StrapiErrors.WriteAsync(context, 404, "NotFoundError", $"Agent '{slug}' not found");
            return;
        }

        if (slug == "rate-limited" && Interlocked.Increment(ref _rateLimitedCalls) % 2 == 1)
        {
            context.Response.Headers["X-RateLimit-Limit"] = "1000";
            context.Response.Headers["X-RateLimit-Remaining"] = "0";
            // Epoch seconds round down, so +2 makes the window open 1 to 2 seconds from now.
            context.Response.Headers["X-RateLimit-Reset"] = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2).ToString(CultureInfo.InvariantCulture);
            await StrapiErrors.WriteAsync(context, 429, "RateLimitError", "Too many requests, please try again later.");
            return;
        }

        var conversationId = JsonBody.String(body["conversationId"]);
        if (conversationId is not null && !_conversations.Contains(conversationId))
        {
            await StrapiErrors.WriteAsync(context, 404, "NotFoundError", $"Conversation '{conversationId}' not found");
            return;
        }

        conversationId ??= "conv_" + Chat.SessionStore.NewId()[..12];
        var turn = _conversations.AddOrUpdate(conversationId, 1, turns => turns + 1);
        var reply = SlugAgents.Answer(slug, message, turn);
        var metadata = new JsonObject { ["model"] = "sandbox-" + slug, ["tokens"] = reply.Chunks.Count };
        if (!stream)
        {
            await Json.WriteAsync(context, 200, new JsonObject
            {
                ["data"] = new JsonObject { ["response"] = reply.Text, ["conversationId"] = conversationId, ["metadata"] = metadata },
                ["error"] = null,
            });
            return;
        }

        await StreamAsync(context, reply, conversationId, metadata);
    }

    private async Task StreamAsync(HttpContext context, SlugReply reply, string conversationId, JsonObject metadata)
    {
        var response = context.Response;
        var cancel = context.RequestAborted;
        response.StatusCode = 200;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";

        // A comment and a keep-alive first: clients must skip both.
        await response.WriteAsync(": connected\n\n", cancel);
        await response.Body.FlushAsync(cancel);
        var id = 0;
        foreach (var chunk in reply.Chunks)
        {
            var text = reply.Timestamped ? System.Diagnostics.Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture) : chunk;
            var data = new JsonObject { ["chunk"] = text }.ToJsonString();
            await response.WriteAsync($"event: message\nid: {++id}\ndata: {data}\n\n", cancel);
            await response.Body.FlushAsync(cancel);
            if (reply.GateAfterFirstChunk && id == 1)
            {
                await _gate.WaitAsync(cancel);
            }
            else if (reply.ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(reply.ChunkDelay, cancel);
            }
        }

        switch (reply.Ending)
        {
            case StreamEnding.Cut:
                // The body simply ends: no end marker.
                return;
            case StreamEnding.Error:
                var error = new JsonObject { ["error"] = new JsonObject { ["name"] = "ApplicationError", ["message"] = "Model overloaded, try again later" } };
                await response.WriteAsync($"data: {error.ToJsonString()}\n\n", cancel);
                return;
            default:
                var tail = new JsonObject { ["conversationId"] = conversationId, ["metadata"] = metadata };
                await response.WriteAsync($": keep-alive\n\ndata: {tail.ToJsonString()}\n\ndata: [DONE]\n\n", cancel);
                return;
        }
    }
}
