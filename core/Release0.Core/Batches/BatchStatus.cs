using System.Text.Json;

namespace Release0.Core.Batches;

/// <summary>One poll's answer, classified, with the raw body always kept.</summary>
public sealed class BatchStatus
{
    internal BatchStatus(string batchJobId, BatchState state, string? statusText, IReadOnlyList<BatchMessage> messages, string? chatSessionId, string? errorCode, string? errorMessage, JsonElement raw)
    {
        BatchJobId = batchJobId;
        State = state;
        StatusText = statusText;
        Messages = messages;
        ChatSessionId = chatSessionId;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        Raw = raw;
    }

    public string BatchJobId { get; }

    public BatchState State { get; }

    /// <summary>The status value as sent (<c>running</c>, <c>C</c>, <c>false</c>...), when there was one.</summary>
    public string? StatusText { get; }

    /// <summary>The agent's reply messages once completed.</summary>
    public IReadOnlyList<BatchMessage> Messages { get; }

    /// <summary>Continue the conversation with this session id.</summary>
    public string? ChatSessionId { get; }

    public string? ErrorCode { get; }

    public string? ErrorMessage { get; }

    /// <summary>The whole response as sent.</summary>
    public JsonElement Raw { get; }

    public override string ToString() => $"batch {BatchJobId}: {State}{(StatusText is null ? string.Empty : $" ({StatusText})")}";
}
