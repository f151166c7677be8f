using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Release0.Sandbox.Batches;

/// <summary>
/// The batch-message API. Agents: <c>batch-echo</c> (done after <see cref="SandboxOptions.BatchJobDuration"/>),
/// <c>batch-after-{ms}</c>, <c>batch-polls-{n}</c> (done on its n-th poll), <c>batch-fail</c>, <c>batch-vanish</c> (gone after its first poll),
/// <c>batch-never</c> and <c>batch-held</c> (accepted, answered only once the <see cref="SubmitGate"/> opens; then like batch-echo). Errors are <c>{status: false, message}</c>: the real shape is undocumented.
/// </summary>
internal sealed class BatchEndpoints
{
    private readonly BoundedStore<BatchJob> _jobs;
    private readonly SandboxOptions _options;
    private readonly SubmitGate _gate;
    private int _submissions;

    public BatchEndpoints(SandboxOptions options, SubmitGate gate)
    {
        _options = options;
        _gate = gate;
        _jobs = new BoundedStore<BatchJob>(options.MaxRetained);
    }

    /// <summary>Jobs accepted so far (a resent submission would show up here twice).</summary>
    public int Submissions => _submissions;

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/chat/batch-message", SubmitAsync);
        app.MapPost("/api/v1/chat/batch-message/{batchJobId}", PollAsync);
    }

    private async Task SubmitAsync(HttpContext context)
    {
        if (await ReadAuthorizedAsync(context) is not { } body)
        {
            return;
        }

        var userProfileId = JsonBody.String(body["userProfileId"]);
        var projectEnvId = JsonBody.String(body["projectEnvId"]);
        var agentId = JsonBody.String(body["agentId"]);
        foreach (var (name, value) in new[] { ("userProfileId", userProfileId), ("projectEnvId", projectEnvId), ("agentId", agentId) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                await FailAsync(context, 400, $"{name} is required");
                return;
            }
        }

        if (JsonBody.String(body["chatSessionId"]) is { Length: > 0 } && JsonBody.String(body["externalChatSessionId"]) is { Length: > 0 })
        {
            await FailAsync(context, 400, "Specify either chatSessionId or externalChatSessionId, not both");
            return;
        }

        if (body["filters"] is { } filters && (filters is not JsonObject f || JsonBody.String(f["includeEntities"]) is not (null or "all" or "filtered")))
        {
            await FailAsync(context, 400, "filters must be an object with includeEntities 'all' or 'filtered'");
            return;
        }

        if (ReadMessages(body["messages"]) is not { Count: > 0 } messages)
        {
            await FailAsync(context, 400, "messages must be a JSON array (or a string holding one) of {type, text} with at least one message");
            return;
        }

        if (!IsKnownAgent(agentId!))
        {
            await FailAsync(context, 404, $"Agent '{agentId}' not found");
            return;
        }

        var id = "bj_" + Chat.SessionStore.NewId();
        var chatSessionId = JsonBody.String(body["chatSessionId"]) ?? "cs_" + Chat.SessionStore.NewId()[..16];
        _jobs.Set(id, new BatchJob(id, agentId!, userProfileId!, messages, chatSessionId, DateTimeOffset.UtcNow));
        Interlocked.Increment(ref _submissions);
        if (agentId == "batch-held")
        {
            await _gate.HoldAsync(context.RequestAborted);
        }

        await Json.WriteAsync(context, 200, new JsonObject { ["batchJobId"] = id });
    }

    private async Task PollAsync(HttpContext context, string batchJobId)
    {
        if (await ReadAuthorizedAsync(context) is not { } body)
        {
            return;
        }

        if (JsonBody.String(body["userProfileId"]) is not { Length: > 0 } userProfileId)
        {
            await FailAsync(context, 400, "userProfileId is required");
            return;
        }

        if (!_jobs.TryGet(batchJobId, out var job) || job.UserProfileId != userProfileId)
        {
            await FailAsync(context, 404, "Batch job not found");
            return;
        }

        var polls = Interlocked.Increment(ref job.Polls);
        if (job.AgentId == "batch-vanish" && polls > 1)
        {
            _jobs.Remove(batchJobId);
            await FailAsync(context, 404, "Batch job not found");
            return;
        }

        var elapsed = DateTimeOffset.UtcNow - job.SubmittedAt;
        var response = new JsonObject { ["batchJobId"] = job.Id };
        if (job.AgentId == "batch-fail" && elapsed >= TimeSpan.FromMilliseconds(100))
        {
            response["status"] = "failed";
            response["error"] = new JsonObject { ["code"] = "AGENT_ERROR", ["message"] = "The agent could not answer: upstream model error." };
        }
        else if (job.AgentId is not ("batch-fail" or "batch-never" or "batch-vanish") && IsDone(job, elapsed, polls))
        {
            response["status"] = "completed";
            response["chatSessionId"] = job.ChatSessionId;
            response["messages"] = new JsonArray(job.Messages.Select(m => (JsonNode)new JsonObject { ["type"] = string.Empty, ["text"] = $"Echo: {m}" }).ToArray());
        }
        else
        {
            response["status"] = "running";
            response["messages"] = new JsonArray();
        }

        await Json.WriteAsync(context, 200, response);
    }

    private static bool IsKnownAgent(string agentId) =>
        agentId is "batch-echo" or "batch-fail" or "batch-vanish" or "batch-never" or "batch-held"
        || Suffix(agentId, "batch-after-") is not null
        || Suffix(agentId, "batch-polls-") is not null;

    private bool IsDone(BatchJob job, TimeSpan elapsed, int polls) =>
        Suffix(job.AgentId, "batch-polls-") is { } n ? polls >= n : elapsed >= (Suffix(job.AgentId, "batch-after-") is { } ms ? TimeSpan.FromMilliseconds(ms) : _options.BatchJobDuration);

    private static int? Suffix(string agentId, string prefix) =>
        agentId.StartsWith(prefix, StringComparison.Ordinal)
        && int.TryParse(agentId[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>The documented form is a string holding a JSON array; the official client sends the array itself.</summary>
    private static List<string>? ReadMessages(JsonNode? node)
    {
        if (JsonBody.String(node) is { } text)
        {
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        if (node is not JsonArray array)
        {
            return null;
        }

        var messages = array.Select(item => item is JsonObject message ? JsonBody.String(message["text"]) : null).ToList();
        return messages.Any(string.IsNullOrWhiteSpace) ? null : messages.OfType<string>().ToList();
    }

    private async Task<JsonObject?> ReadAuthorizedAsync(HttpContext context)
    {
        if (!JsonBody.HasBearer(context, _options.Token))
        {
            await FailAsync(context, 401, "Unauthorized: a valid Bearer token is required");
            return null;
        }

        var (body, status, _, problem) = await JsonBody.ReadAsync(context);
        if (body is null)
        {
            await FailAsync(context, status, problem);
        }

        return body;
    }

    private static Task FailAsync(HttpContext context, int status, string message) =>
        Json.WriteAsync(context, status, new JsonObject { ["status"] = false, ["message"] = message });
}
