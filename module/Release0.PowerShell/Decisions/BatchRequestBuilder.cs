using Release0.Core.Batches;

namespace Release0.PowerShell.Decisions;

/// <summary>What Submit-BatchMessage's parameters mean as batch requests.</summary>
internal sealed class BatchRequestBuilder
{
    public string AgentId { get; set; } = string.Empty;

    public string ProjectEnvId { get; set; } = string.Empty;

    public string UserProfileId { get; set; } = string.Empty;

    public string? ChatSessionId { get; set; }

    public string? ExternalChatSessionId { get; set; }

    public string? ExternalUserId { get; set; }

    public string? FiltersJson { get; set; }

    public bool MessagesAsArray { get; set; }

    /// <summary>All messages in one job (the default), or one job per message.</summary>
    public IReadOnlyList<BatchRequest> Build(IReadOnlyList<string> messages, bool onePerMessage)
    {
        var filters = FiltersJson is { Length: > 0 } json ? BatchFilters.Parse(json) : null;
        var groups = onePerMessage ? messages.Select(m => (IReadOnlyList<string>)[m]) : [messages];
        return groups.Select(group => new BatchRequest
        {
            AgentId = AgentId,
            ProjectEnvId = ProjectEnvId,
            UserProfileId = UserProfileId,
            ChatSessionId = ChatSessionId,
            ExternalChatSessionId = ExternalChatSessionId,
            ExternalUserId = ExternalUserId,
            Filters = filters,
            Messages = group.Select(BatchMessage.FromText).ToList(),
            MessagesEncoding = MessagesAsArray ? BatchMessagesEncoding.Array : BatchMessagesEncoding.StringifiedJson,
        }).ToList();
    }

    /// <summary>What -WhatIf and -Confirm show for one request.</summary>
    public static string Describe(BatchRequest request) =>
        $"agent {request.AgentId} (project environment {request.ProjectEnvId}, user profile {request.UserProfileId}): {request.Messages.Count} message{(request.Messages.Count == 1 ? string.Empty : "s")}";
}
