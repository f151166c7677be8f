using Release0.Core.Batches;

namespace Release0.PowerShell.Decisions;

/// <summary>What Submit-BatchMessage's rows mean as batch requests.</summary>
internal sealed class BatchRequestBuilder
{
    public string? FiltersJson { get; set; }

    public bool MessagesAsArray { get; set; }

    /// <summary>
    /// One job per distinct agent, project environment, user and session, holding its rows' messages
    /// in input order (the default); or one job per message.
    /// </summary>
    public IReadOnlyList<PlannedJob> Build(IReadOnlyList<BatchRow> rows, bool onePerMessage)
    {
        var filters = FiltersJson is { Length: > 0 } json ? BatchFilters.Parse(json) : null;
        if (onePerMessage)
        {
            return rows.SelectMany(row => row.Messages.Select(message => Plan(row, [message], [row.RowId], filters))).ToList();
        }

        return rows.GroupBy(row => (row.AgentId, row.ProjectEnvId, row.UserProfileId, Given(row.ExternalUserId), Given(row.ChatSessionId), Given(row.ExternalChatSessionId)))
            .Select(group => Plan(group.First(), group.SelectMany(r => r.Messages).ToList(), group.Select(r => r.RowId).Distinct().ToList(), filters))
            .ToList();
    }

    /// <summary>What -WhatIf and -Confirm show for one request.</summary>
    public static string Describe(BatchRequest request) =>
        $"agent {request.AgentId} (project environment {request.ProjectEnvId}, user profile {request.UserProfileId}): {request.Messages.Count} message{(request.Messages.Count == 1 ? string.Empty : "s")}";

    // An empty CSV cell binds as "": it means the row has no such id, not an id that is empty.
    private static string? Given(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private PlannedJob Plan(BatchRow row, IReadOnlyList<string> messages, IReadOnlyList<string> rowIds, BatchFilters? filters) => new(
        new BatchRequest
        {
            AgentId = row.AgentId,
            ProjectEnvId = row.ProjectEnvId,
            UserProfileId = row.UserProfileId,
            ChatSessionId = Given(row.ChatSessionId),
            ExternalChatSessionId = Given(row.ExternalChatSessionId),
            ExternalUserId = Given(row.ExternalUserId),
            Filters = filters,
            Messages = messages.Select(BatchMessage.FromText).ToList(),
            MessagesEncoding = MessagesAsArray ? BatchMessagesEncoding.Array : BatchMessagesEncoding.StringifiedJson,
        },
        rowIds);
}
