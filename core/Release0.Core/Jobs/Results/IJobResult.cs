namespace Release0.Core.Jobs.Results;

/// <summary>What the workflow reads in any final document to decide whether a resend may replace it.</summary>
internal interface IJobResult
{
    string Outcome { get; }

    JobError? Error { get; }

    DateTimeOffset? ClaimedAt { get; }

    DateTimeOffset FinishedAt { get; }

    int? Attempt { get; }

    IList<EarlierOutcome>? History { get; set; }
}

internal static class JobResults
{
    /// <summary>Ended without knowing whether the platform has it (see <see cref="JobError.OutcomeUnknown"/>).</summary>
    public static bool IsOutcomeUnknown(this IJobResult result) => result.Error?.IsOutcomeUnknown() == true;

    /// <summary>
    /// Whether <paramref name="next"/> may replace <paramref name="existing"/>: only an unknown outcome is
    /// replaced, by a known one or by the unknown outcome of a later attempt.
    /// </summary>
    public static bool MayReplace(this IJobResult next, IJobResult existing) =>
        existing.IsOutcomeUnknown() && (!next.IsOutcomeUnknown() || next.Attempt > existing.Attempt);

    /// <summary>The history <paramref name="next"/> carries once it replaces <paramref name="existing"/>.</summary>
    public static void Inherit(this IJobResult next, IJobResult existing) =>
        next.History = (existing.History ?? []).Append(new EarlierOutcome
        {
            Outcome = existing.Outcome,
            Error = existing.Error,
            Attempt = existing.Attempt,
            ClaimedAt = existing.ClaimedAt,
            FinishedAt = existing.FinishedAt,
        }).ToList();
}
