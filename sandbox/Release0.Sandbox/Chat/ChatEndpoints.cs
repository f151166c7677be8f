using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Release0.Sandbox.Chat;

/// <summary>The chat-session API (contract section 14), both route families answered alike.</summary>
internal sealed class ChatEndpoints
{
    private readonly SessionStore _sessions;
    private readonly ErrorWriter _errors;
    private readonly string _token;

    public ChatEndpoints(ErrorWriter errors, string token, int maxSessions)
    {
        _errors = errors;
        _token = token;
        _sessions = new SessionStore(maxSessions);
    }

    public void Map(IEndpointRouteBuilder app)
    {
        foreach (var suffix in new[] { "start", "startChat" })
        {
            app.MapPost($"/api/v1/agents/{{publicId}}/{suffix}", (HttpContext context, string publicId) => StartAsync(context, publicId, preview: false));
            app.MapPost($"/api/v1/agents/{{agentId}}/preview/{suffix}", (HttpContext context, string agentId) => StartAsync(context, agentId, preview: true));
        }

        app.MapGet("/api/v1/agents/{agentId}/publishedAgent", PublishedAsync);
        app.MapPost("/api/v1/sessions/{sessionId}/continue", ContinueAsync);
        app.MapPost("/api/v1/sessions/{sessionId}/continueChat", ContinueAsync);
    }

    /// <summary>Like the platform, the body is validated first, then the token, then the agent.</summary>
    private async Task StartAsync(HttpContext context, string id, bool preview)
    {
        if (await ReadRequestAsync(context) is not { } request)
        {
            return;
        }

        if (preview && !JsonBody.HasBearer(context, _token))
        {
            await _errors.WriteAsync(context, 401, "UNAUTHORIZED", "You need to be authenticated to perform this action");
            return;
        }

        var agent = AgentCatalog.All.FirstOrDefault(a => (preview ? a.AgentId : a.PublicId) == id);
        if (agent is null)
        {
            await _errors.WriteAsync(context, 404, "NOT_FOUND", "Agent not found");
            return;
        }

        var sessionId = preview && request.SessionId is { Length: > 0 } chosen ? chosen : SessionStore.NewId();
        var session = new ChatSessionState(sessionId, agent, preview, preview ? null : request.ResultId ?? "res_" + SessionStore.NewId());
        foreach (var (name, value) in request.InitialContext)
        {
            session.Variables[name] = value;
        }

        _sessions.Save(session);
        JsonObject turn;
        if (request.IsOnlyRegistering)
        {
            session.NotStarted = true;
            turn = new JsonObject { ["messages"] = new JsonArray() };
        }
        else
        {
            turn = RunFromStart(session, request);
        }

        var response = new JsonObject
        {
            ["sessionId"] = session.Id,
            ["agent"] = new JsonObject
            {
                ["id"] = agent.AgentId,
                ["version"] = "6",
                ["theme"] = new JsonObject { ["general"] = new JsonObject { ["font"] = "Open Sans" } },
                ["settings"] = new JsonObject { ["typingEmulation"] = new JsonObject { ["enabled"] = false } },
                ["publishedAt"] = "2026-11-01T00:00:00.000Z",
            },
        };
        if (session.ResultId is not null)
        {
            response["resultId"] = session.ResultId;
        }

        foreach (var (key, value) in turn.ToList())
        {
            turn.Remove(key);
            response[key] = value;
        }

        await Json.WriteAsync(context, 200, response);
    }

    /// <summary>The published agent, cut down to what clients read: ids, name and variables (the names inputs save to).</summary>
    private async Task PublishedAsync(HttpContext context, string agentId)
    {
        if (!JsonBody.HasBearer(context, _token))
        {
            await _errors.WriteAsync(context, 401, "UNAUTHORIZED", "You need to be authenticated to perform this action");
            return;
        }

        if (AgentCatalog.All.FirstOrDefault(a => a.AgentId == agentId) is not { } agent)
        {
            await _errors.WriteAsync(context, 404, "NOT_FOUND", "Agent not found");
            return;
        }

        var variables = agent.Steps.Select(s => s.Pause?.SaveAs).OfType<string>().Distinct()
            .Select(name => (JsonNode)new JsonObject { ["id"] = "v-" + name.ToLowerInvariant(), ["name"] = name })
            .ToArray();
        await Json.WriteAsync(context, 200, new JsonObject
        {
            ["publicAgent"] = new JsonObject
            {
                ["id"] = "pub-" + agent.PublicId,
                ["agentId"] = agent.AgentId,
                ["publicId"] = agent.PublicId,
                ["name"] = agent.Name,
                ["version"] = "6",
                ["variables"] = new JsonArray(variables),
            },
        });
    }

    private async Task ContinueAsync(HttpContext context, string sessionId)
    {
        if (await ReadRequestAsync(context) is not { } request)
        {
            return;
        }

        var session = _sessions.Find(sessionId);
        if (session is null)
        {
            await _errors.WriteAsync(context, 404, "NOT_FOUND", "Session not found.");
            return;
        }

        await session.Lock.WaitAsync(context.RequestAborted);
        try
        {
            JsonObject turn;
            if (session.NotStarted || session.WaitingAt is null)
            {
                // Registered-only, or a live run whose start already ended: the flow (re)starts here.
                session.NotStarted = false;
                turn = RunFromStart(session, request);
            }
            else
            {
                turn = Answer(session, request);
            }

            // The platform deletes a live session once its flow ends on a continue.
            if (session.WaitingAt is null && !session.IsPreview)
            {
                _sessions.Delete(session.Id);
            }

            await Json.WriteAsync(context, 200, turn);
        }
        finally
        {
            session.Lock.Release();
        }
    }

    /// <summary>Runs the flow from its first step; a message then answers the first input, after the opening bubbles.</summary>
    private static JsonObject RunFromStart(ChatSessionState session, ChatRequest request)
    {
        var opening = FlowRunner.Run(session, 0, request.Format);
        if (request.MessageText is null || session.WaitingAt is null)
        {
            return opening;
        }

        var answered = Answer(session, request);
        var messages = (JsonArray)opening["messages"]!;
        foreach (var message in ((JsonArray)answered["messages"]!).ToList())
        {
            message!.Parent!.AsArray().Remove(message);
            messages.Add(message);
        }

        opening.Remove("messages");
        answered["messages"] = messages;
        return answered;
    }

    private static JsonObject Answer(ChatSessionState session, ChatRequest request)
    {
        var index = session.WaitingAt!.Value;
        var step = session.Agent.Steps[index];
        var pause = step.Pause!;
        var judgement = pause.Judge(request.ReplyId ?? request.MessageText);
        if (!judgement.Accepted)
        {
            return FlowRunner.Retry(session, request.Format);
        }

        if (pause.SaveAs is { } name)
        {
            session.Variables[name] = judgement.Stored;
        }

        var turn = FlowRunner.Run(session, step.Next?.Invoke(session.Variables) ?? index + 1, request.Format);
        if (pause.Input is not null && judgement.Stored != request.MessageText)
        {
            turn["lastMessageNewFormat"] = judgement.Stored;
        }

        return turn;
    }

    /// <summary>415 for a wrong content type, 400 for malformed JSON or a body that fails validation.</summary>
    private async Task<ChatRequest?> ReadRequestAsync(HttpContext context)
    {
        var (body, status, code, message) = await JsonBody.ReadAsync(context);
        if (body is null)
        {
            await _errors.WriteAsync(context, status, code, message);
            return null;
        }

        var (request, issues) = ChatRequest.Parse(body);
        if (request is null)
        {
            await _errors.WriteAsync(context, 400, "BAD_REQUEST", "Input validation failed", issues);
        }

        return request;
    }
}
