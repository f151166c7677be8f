using System.Text.Json.Serialization;

namespace Release0.Core.Jobs.Messages;

/// <summary>A poll ticket on <c>release0-batch-polls</c>: which job to poll, the how-many-th time, until when.</summary>
public sealed class PollTicket
{
    [JsonConstructor]
    public PollTicket(string jobId, string batchJobId, string userProfileId, int attempt, DateTimeOffset deadline, DateTimeOffset submittedAt, string? agentId = null)
    {
        AgentId = agentId;
        JobId = jobId;
        BatchJobId = batchJobId;
        UserProfileId = userProfileId;
        Attempt = attempt;
        Deadline = deadline;
        SubmittedAt = submittedAt;
    }

    [JsonPropertyName("jobId")]
    public string JobId { get; }

    [JsonPropertyName("batchJobId")]
    public string BatchJobId { get; }

    [JsonPropertyName("userProfileId")]
    public string UserProfileId { get; }

    /// <summary>1 for the first poll.</summary>
    [JsonPropertyName("attempt")]
    public int Attempt { get; }

    [JsonPropertyName("deadline")]
    public DateTimeOffset Deadline { get; }

    [JsonPropertyName("submittedAt")]
    public DateTimeOffset SubmittedAt { get; }

    /// <summary>The job's agent, so polls can follow its earlier durations; absent on tickets written before it was added.</summary>
    [JsonPropertyName("agentId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AgentId { get; }

    public PollTicket Next() => new(JobId, BatchJobId, UserProfileId, Attempt + 1, Deadline, SubmittedAt, AgentId);

    public static PollTicket Parse(string text)
    {
        var root = JobJson.ParseObject(text, "poll ticket");
        var jobId = JobJson.Id(root, "jobId");
        return new PollTicket(
            jobId,
            JobJson.Required(root, "batchJobId", jobId),
            JobJson.Required(root, "userProfileId", jobId),
            JobJson.Int(root, "attempt", jobId, 1),
            JobJson.Time(root, "deadline", jobId) ?? throw new JobMessageException("deadline is required", jobId),
            JobJson.Time(root, "submittedAt", jobId) ?? throw new JobMessageException("submittedAt is required", jobId),
            JobJson.Optional(root, "agentId", jobId));
    }
}
