using System.Text.Json;
using Release0.Core.Batches;

namespace Release0.Cli.Output;

internal sealed record BatchMessageOutput(string Type, string Text);

internal sealed record BatchErrorOutput(string? Code, string? Message);

/// <summary>What <c>batch get</c>, <c>batch wait</c> and <c>batch submit --wait</c> print with <c>--json</c>.</summary>
internal sealed record BatchOutput(
    string BatchJobId,
    string Status,
    string? StatusText,
    int? Polls,
    double? ElapsedSeconds,
    string? ChatSessionId,
    IReadOnlyList<BatchMessageOutput> Messages,
    BatchErrorOutput? Error,
    JsonElement LastResponse)
{
    public static BatchOutput From(BatchStatus status) => Create(status, status.State switch
    {
        BatchState.Completed => "completed",
        BatchState.Failed => "failed",
        BatchState.Pending => "pending",
        _ => "unknown",
    }, null, null);

    public static BatchOutput From(BatchWaitResult result) => Create(result.LastStatus, result.Outcome switch
    {
        BatchOutcome.Completed => "completed",
        BatchOutcome.Failed => "failed",
        _ => "timedOut",
    }, result.Polls, Math.Round(result.Elapsed.TotalSeconds, 3));

    private static BatchOutput Create(BatchStatus status, string outcome, int? polls, double? elapsed) => new(
        status.BatchJobId,
        outcome,
        status.StatusText,
        polls,
        elapsed,
        status.ChatSessionId,
        status.Messages.Select(m => new BatchMessageOutput(m.Type, m.Text)).ToList(),
        status.ErrorCode is null && status.ErrorMessage is null ? null : new BatchErrorOutput(status.ErrorCode, status.ErrorMessage),
        status.Raw);
}

/// <summary>What <c>batch submit</c> prints with <c>--json</c> when not waiting.</summary>
internal sealed record BatchSubmitOutput(string BatchJobId);
