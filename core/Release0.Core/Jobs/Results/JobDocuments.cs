using System.Text.Json;
using System.Text.Json.Serialization;
using Release0.Core.Batches;

namespace Release0.Core.Jobs.Results;

/// <summary>What a batch job asked for, as written into its documents (never the token).</summary>
public sealed class BatchRequestDocument
{
    [JsonPropertyName("agentId")]
    public string AgentId { get; set; } = string.Empty;

    [JsonPropertyName("projectEnvId")]
    public string ProjectEnvId { get; set; } = string.Empty;

    [JsonPropertyName("userProfileId")]
    public string UserProfileId { get; set; } = string.Empty;

    [JsonPropertyName("externalUserId")]
    public string? ExternalUserId { get; set; }

    [JsonPropertyName("chatSessionId")]
    public string? ChatSessionId { get; set; }

    [JsonPropertyName("externalChatSessionId")]
    public string? ExternalChatSessionId { get; set; }

    [JsonPropertyName("messages")]
    public IList<BatchMessage> Messages { get; set; } = [];

    [JsonPropertyName("filters")]
    public BatchFilters? Filters { get; set; }

    public static BatchRequestDocument From(BatchRequest request) => new()
    {
        AgentId = request.AgentId,
        ProjectEnvId = request.ProjectEnvId,
        UserProfileId = request.UserProfileId,
        ExternalUserId = request.ExternalUserId,
        ChatSessionId = request.ChatSessionId,
        ExternalChatSessionId = request.ExternalChatSessionId,
        Messages = request.Messages,
        Filters = request.Filters,
    };
}

/// <summary><c>submissions/{jobId}.json</c>: proof that a job was submitted, written before its first poll is scheduled.</summary>
public sealed class SubmissionRecord
{
    [JsonPropertyName("jobId")]
    public string JobId { get; set; } = string.Empty;

    [JsonPropertyName("batchJobId")]
    public string BatchJobId { get; set; } = string.Empty;

    [JsonPropertyName("receivedAt")]
    public DateTimeOffset ReceivedAt { get; set; }

    [JsonPropertyName("submittedAt")]
    public DateTimeOffset SubmittedAt { get; set; }

    [JsonPropertyName("deadline")]
    public DateTimeOffset Deadline { get; set; }

    [JsonPropertyName("request")]
    public BatchRequestDocument Request { get; set; } = new();

    /// <summary>The claim attempt that submitted it (absent in records written before attempts were kept).</summary>
    [JsonPropertyName("attempt")]
    public int? Attempt { get; set; }
}

/// <summary><c>claims/{kind}/{id}/{attempt}.json</c>: this delivery, and only it, may send the work.</summary>
public sealed class ClaimRecord
{
    /// <summary><c>batches</c> or <c>chats</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    [JsonPropertyName("id")]
    public string Id { get; set; } = string.Empty;

    [JsonPropertyName("attempt")]
    public int Attempt { get; set; }

    /// <summary>Other deliveries wait for the owner until this plus their claim lease; after it, the outcome is unknown.</summary>
    [JsonPropertyName("claimedAt")]
    public DateTimeOffset ClaimedAt { get; set; }

    /// <summary>
    /// The local run (<c>jobs run</c>) that claimed it, whose liveness is <c>runs/{runId}.lock</c>: once
    /// that run has stopped, the claim is decided at once instead of after the lease. Absent in the Functions app.
    /// </summary>
    [JsonPropertyName("runId")]
    public string? RunId { get; set; }
}

/// <summary><c>claims/{kind}/{id}/{attempt}-released.json</c>: the platform did not act on the attempt.</summary>
public sealed class ClaimRelease
{
    [JsonPropertyName("attempt")]
    public int Attempt { get; set; }

    [JsonPropertyName("releasedAt")]
    public DateTimeOffset ReleasedAt { get; set; }

    [JsonPropertyName("reason")]
    public string Reason { get; set; } = string.Empty;
}

/// <summary>The platform's error, as kept in result documents.</summary>
public sealed class JobError
{
    /// <summary>The kind of an outcome nobody knows because the claimant stopped before recording one.</summary>
    public const string OutcomeUnknownKind = "OutcomeUnknown";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    [JsonPropertyName("status")]
    public int? Status { get; set; }

    [JsonPropertyName("code")]
    public string? Code { get; set; }

    /// <summary>The platform's own message when it gave one.</summary>
    [JsonPropertyName("message")]
    public string Message { get; set; } = string.Empty;

    /// <summary>The full one-line description: operation, status, code, message and request.</summary>
    [JsonPropertyName("detail")]
    public string? Detail { get; set; }

    /// <summary>Why the job ended here instead of being tried again, and what to do about it.</summary>
    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    /// <summary>
    /// True when nobody knows whether the platform has the work: its claimant stopped before recording
    /// anything (<see cref="OutcomeUnknownKind"/>), or its submit failed after it may have acted (500,
    /// 502, 504, a timeout, a drop). Only these are resent, and only on request. Absent otherwise.
    /// </summary>
    [JsonPropertyName("outcomeUnknown")]
    public bool? OutcomeUnknown { get; set; }

    /// <summary>Whether this error leaves the outcome unknown: marked so, or written before the mark existed (by its kind).</summary>
    internal bool IsOutcomeUnknown() => OutcomeUnknown == true || Kind == OutcomeUnknownKind;
}

/// <summary>What the batch API answered last.</summary>
public sealed class BatchResponseDocument
{
    [JsonPropertyName("state")]
    public string State { get; set; } = string.Empty;

    [JsonPropertyName("statusText")]
    public string? StatusText { get; set; }

    [JsonPropertyName("chatSessionId")]
    public string? ChatSessionId { get; set; }

    [JsonPropertyName("messages")]
    public IList<BatchMessage> Messages { get; set; } = [];

    [JsonPropertyName("raw")]
    public JsonElement Raw { get; set; }

    public static BatchResponseDocument From(BatchStatus status) => new()
    {
        State = status.State.ToString().ToLowerInvariant(),
        StatusText = status.StatusText,
        ChatSessionId = status.ChatSessionId,
        Messages = status.Messages.ToList(),
        Raw = status.Raw,
    };
}

/// <summary><c>batches/{jobId}.json</c>: how a batch job ended.</summary>
public sealed class BatchJobResult : IJobResult
{
    [JsonPropertyName("jobId")]
    public string JobId { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "batch";

    /// <summary><c>completed</c>, <c>failed</c> or <c>timedOut</c>.</summary>
    [JsonPropertyName("outcome")]
    public string Outcome { get; set; } = string.Empty;

    [JsonPropertyName("batchJobId")]
    public string? BatchJobId { get; set; }

    [JsonPropertyName("request")]
    public BatchRequestDocument? Request { get; set; }

    [JsonPropertyName("response")]
    public BatchResponseDocument? Response { get; set; }

    [JsonPropertyName("error")]
    public JobError? Error { get; set; }

    [JsonPropertyName("polls")]
    public int Polls { get; set; }

    [JsonPropertyName("receivedAt")]
    public DateTimeOffset? ReceivedAt { get; set; }

    /// <summary>When the submitting delivery claimed the job.</summary>
    [JsonPropertyName("claimedAt")]
    public DateTimeOffset? ClaimedAt { get; set; }

    [JsonPropertyName("submittedAt")]
    public DateTimeOffset? SubmittedAt { get; set; }

    [JsonPropertyName("deadline")]
    public DateTimeOffset? Deadline { get; set; }

    [JsonPropertyName("finishedAt")]
    public DateTimeOffset FinishedAt { get; set; }

    /// <summary>The claim attempt this outcome belongs to.</summary>
    [JsonPropertyName("attempt")]
    public int? Attempt { get; set; }

    /// <summary>Outcomes this document had before it was replaced (an unknown outcome, then resent), oldest first.</summary>
    [JsonPropertyName("history")]
    public IList<EarlierOutcome>? History { get; set; }
}

/// <summary>One line of a conversation in a transcript document.</summary>
public sealed class TranscriptLine
{
    [JsonPropertyName("speaker")]
    public string Speaker { get; set; } = string.Empty;

    [JsonPropertyName("text")]
    public string Text { get; set; } = string.Empty;

    [JsonPropertyName("at")]
    public DateTimeOffset At { get; set; }
}

/// <summary><c>chats/{eventId}.json</c>: the conversation an agent event started.</summary>
public sealed class ChatTranscriptResult : IJobResult
{
    [JsonPropertyName("eventId")]
    public string EventId { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "chat";

    /// <summary><c>completed</c>, <c>waitingForInput</c> (replies ran out) or <c>failed</c>.</summary>
    [JsonPropertyName("outcome")]
    public string Outcome { get; set; } = string.Empty;

    [JsonPropertyName("agentId")]
    public string AgentId { get; set; } = string.Empty;

    [JsonPropertyName("sessionId")]
    public string? SessionId { get; set; }

    [JsonPropertyName("initialContext")]
    public IDictionary<string, string?> InitialContext { get; set; } = new Dictionary<string, string?>();

    [JsonPropertyName("replies")]
    public IList<string> Replies { get; set; } = [];

    [JsonPropertyName("transcript")]
    public IList<TranscriptLine> Transcript { get; set; } = [];

    /// <summary>What the agent waits for when the replies ran out.</summary>
    [JsonPropertyName("pendingInput")]
    public string? PendingInput { get; set; }

    /// <summary>Every turn as the platform sent it.</summary>
    [JsonPropertyName("turns")]
    public IList<JsonElement> Turns { get; set; } = [];

    [JsonPropertyName("error")]
    public JobError? Error { get; set; }

    /// <summary>When the delivery that ran the conversation claimed the event.</summary>
    [JsonPropertyName("claimedAt")]
    public DateTimeOffset? ClaimedAt { get; set; }

    [JsonPropertyName("startedAt")]
    public DateTimeOffset StartedAt { get; set; }

    [JsonPropertyName("finishedAt")]
    public DateTimeOffset FinishedAt { get; set; }

    /// <summary>The claim attempt this outcome belongs to.</summary>
    [JsonPropertyName("attempt")]
    public int? Attempt { get; set; }

    /// <summary>Outcomes this document had before it was replaced (an unknown outcome, then resent), oldest first.</summary>
    [JsonPropertyName("history")]
    public IList<EarlierOutcome>? History { get; set; }
}

/// <summary>
/// An outcome a result document held before a deliberate resend replaced it. Only an unknown outcome
/// is ever replaced, so this is where it stays on record.
/// </summary>
public sealed class EarlierOutcome
{
    [JsonPropertyName("outcome")]
    public string Outcome { get; set; } = string.Empty;

    [JsonPropertyName("error")]
    public JobError? Error { get; set; }

    [JsonPropertyName("attempt")]
    public int? Attempt { get; set; }

    [JsonPropertyName("claimedAt")]
    public DateTimeOffset? ClaimedAt { get; set; }

    [JsonPropertyName("finishedAt")]
    public DateTimeOffset FinishedAt { get; set; }
}

/// <summary><c>rejected/{queue}/{id}.json</c>: a message that can never be processed, kept with its reason.</summary>
public sealed class RejectedMessage
{
    [JsonPropertyName("queue")]
    public string Queue { get; set; } = string.Empty;

    [JsonPropertyName("id")]
    public string Id { get; set; } = string.Empty;

    [JsonPropertyName("reason")]
    public string Reason { get; set; } = string.Empty;

    [JsonPropertyName("receivedAt")]
    public DateTimeOffset ReceivedAt { get; set; }

    [JsonPropertyName("originalText")]
    public string OriginalText { get; set; } = string.Empty;
}

/// <summary><c>schedules/{id}/{slot}.json</c>: a scheduled job was enqueued for this slot.</summary>
public sealed class ScheduleSlotRecord
{
    [JsonPropertyName("definitionId")]
    public string DefinitionId { get; set; } = string.Empty;

    [JsonPropertyName("slot")]
    public string Slot { get; set; } = string.Empty;

    [JsonPropertyName("jobId")]
    public string JobId { get; set; } = string.Empty;

    [JsonPropertyName("enqueuedAt")]
    public DateTimeOffset EnqueuedAt { get; set; }
}
