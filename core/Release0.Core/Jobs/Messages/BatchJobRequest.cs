using System.Text.Json;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Core.Json;

namespace Release0.Core.Jobs.Messages;

/// <summary>
/// A batch job request on <c>release0-batch-requests</c>. <see cref="JobId"/> is chosen by the caller and
/// is the idempotency key: the same id is never submitted twice.
/// </summary>
public sealed class BatchJobRequest
{
    private BatchJobRequest(string jobId, BatchRequest request, DateTimeOffset? deadline, bool resendUnknown = false, int releasedAttempt = 0)
    {
        JobId = jobId;
        Request = request;
        Deadline = deadline;
        ResendUnknown = resendUnknown;
        ReleasedAttempt = releasedAttempt;
    }

    public string JobId { get; }

    public BatchRequest Request { get; }

    /// <summary>When to stop waiting; the workflow's default timeout applies when absent.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>
    /// An operator's deliberate resend: if the job ended as outcome unknown (its claimant stopped before
    /// recording anything), it is submitted again and its document replaced, the unknown outcome kept in
    /// its history. Without it, such a job is never sent twice.
    /// </summary>
    public bool ResendUnknown { get; }

    /// <summary>
    /// The claim attempt a throttled delivery handed back before putting this message back (0: none), so the
    /// next delivery claims the next attempt at once instead of reading through every earlier one. Written by
    /// the workflow; a wrong value costs one read and is otherwise ignored.
    /// </summary>
    public int ReleasedAttempt { get; }

    /// <summary>Reads and validates a message; throws <see cref="JobMessageException"/> naming what is wrong.</summary>
    public static BatchJobRequest Parse(string text)
    {
        var root = JobJson.ParseObject(text, "batch job request");
        var jobId = JobJson.Id(root, "jobId");
        var job = FromTemplate(root, jobId);
        return new BatchJobRequest(jobId, job.Request, job.Deadline, JobJson.Flag(root, "resendUnknown", jobId), JobJson.ReleasedAttempt(root, jobId));
    }

    /// <summary>The request part of a message or of a scheduled definition's template.</summary>
    internal static BatchJobRequest FromTemplate(JsonElement root, string jobId)
    {
        var request = new BatchRequest
        {
            AgentId = JobJson.Required(root, "agentId", jobId),
            ProjectEnvId = JobJson.Required(root, "projectEnvId", jobId),
            UserProfileId = JobJson.Required(root, "userProfileId", jobId),
            ChatSessionId = JobJson.Optional(root, "chatSessionId", jobId),
            ExternalChatSessionId = JobJson.Optional(root, "externalChatSessionId", jobId),
            ExternalUserId = JobJson.Optional(root, "externalUserId", jobId),
            Messages = Messages(root, jobId),
        };
        try
        {
            request.Filters = root.Prop("filters") is { } filters ? BatchFilters.From(filters) : null;
            request.Validate();
        }
        catch (Release0ConfigurationException ex)
        {
            throw new JobMessageException(ex.Message, jobId);
        }

        return new BatchJobRequest(jobId, request, JobJson.Time(root, "deadline", jobId));
    }

    private static IList<BatchMessage> Messages(JsonElement root, string jobId)
    {
        if (root.Prop("messages") is not { ValueKind: JsonValueKind.Array } array)
        {
            throw new JobMessageException("messages is required: an array of strings or of {type, text}", jobId);
        }

        return array.EnumerateArray().Select((item, i) => item.ValueKind switch
        {
            JsonValueKind.String => BatchMessage.FromText(item.GetString()!),
            JsonValueKind.Object when item.Str("text") is { } text => new BatchMessage(item.Str("type") ?? string.Empty, text),
            _ => throw new JobMessageException($"messages[{i}] must be a string or an object with a \"text\"", jobId),
        }).ToList();
    }
}
