using Release0.Core.Batches;

namespace Release0.PowerShell.Output;

/// <summary>A batch job's state (one poll) or its outcome (after waiting), with the raw response kept.</summary>
public sealed class BatchMessageResult
{
    internal BatchMessageResult(string userProfileId, BatchStatus status, string outcome, int? polls, TimeSpan? elapsed, IReadOnlyList<string>? rows = null)
    {
        UserProfileId = userProfileId;
        Rows = rows?.ToArray() ?? [];
        BatchJobId = status.BatchJobId;
        Status = outcome;
        StatusText = status.StatusText;
        Messages = status.Messages.Select(m => m.Text).ToArray();
        ChatSessionId = status.ChatSessionId;
        ErrorCode = status.ErrorCode;
        ErrorMessage = status.ErrorMessage;
        PollCount = polls;
        ElapsedSec = elapsed?.TotalSeconds;
        Raw = status.Raw.GetRawText();
    }

    public string BatchJobId { get; }

    public string UserProfileId { get; }

    /// <summary>The input rows the job held (see <see cref="BatchMessageJob.Rows"/>); empty when they are not known.</summary>
    public string[] Rows { get; }

    /// <summary><c>Pending</c>, <c>Completed</c>, <c>Failed</c>, <c>Unknown</c> or, after a wait, <c>TimedOut</c>.</summary>
    public string Status { get; }

    /// <summary>The status as the platform spelled it.</summary>
    public string? StatusText { get; }

    public string[] Messages { get; }

    public string? ChatSessionId { get; }

    public string? ErrorCode { get; }

    public string? ErrorMessage { get; }

    /// <summary>How many polls were made while waiting; null for a single poll.</summary>
    public int? PollCount { get; }

    /// <summary>How long the wait took, in seconds; null for a single poll.</summary>
    public double? ElapsedSec { get; }

    /// <summary>The last response as sent, as JSON text (<c>$r.Raw | ConvertFrom-Json</c>).</summary>
    public string Raw { get; }

    public static BatchMessageResult FromStatus(string userProfileId, BatchStatus status, IReadOnlyList<string>? rows = null) =>
        new(userProfileId, status, status.State.ToString(), null, null, rows);

    public static BatchMessageResult FromWait(string userProfileId, BatchWaitResult result, IReadOnlyList<string>? rows = null) =>
        new(userProfileId, result.LastStatus, result.Outcome.ToString(), result.Polls, result.Elapsed, rows);

    public override string ToString() => $"{BatchJobId}: {Status}";
}
