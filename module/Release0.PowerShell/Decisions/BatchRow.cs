namespace Release0.PowerShell.Decisions;

/// <summary>
/// One pipeline record of Submit-BatchMessage with the fields it bound itself: who the messages are
/// for travels with the messages, so no row is ever filed under another row's user.
/// </summary>
internal sealed class BatchRow
{
    /// <summary>The row's own id column, or its position in the input (from 0) when it has none.</summary>
    public string RowId { get; set; } = string.Empty;

    public string AgentId { get; set; } = string.Empty;

    public string ProjectEnvId { get; set; } = string.Empty;

    public string UserProfileId { get; set; } = string.Empty;

    public string? ExternalUserId { get; set; }

    public string? ChatSessionId { get; set; }

    public string? ExternalChatSessionId { get; set; }

    public IReadOnlyList<string> Messages { get; set; } = [];
}
