namespace Release0.Core.Jobs.Local;

/// <summary>
/// A local run was cancelled (Ctrl+C). Jobs it had claimed but not sent were handed back; what every
/// input was left as is in <see cref="States"/>, so the front end can say what a rerun will do.
/// </summary>
public sealed class LocalRunInterruptedException : OperationCanceledException
{
    public LocalRunInterruptedException(IReadOnlyDictionary<string, string> states, CancellationToken token)
        : base("The run was interrupted.", token)
    {
        States = states;
    }

    /// <summary>Input id to a final outcome (completed, failed, ...) or one of <see cref="LocalRunStates"/>.</summary>
    public IReadOnlyDictionary<string, string> States { get; }
}

/// <summary>What an interrupted run leaves a job as, besides a final outcome, and what a rerun does with it.</summary>
public static class LocalRunStates
{
    /// <summary>Never sent, or handed back before it was: a rerun sends it.</summary>
    public const string NotSent = "notSent";

    /// <summary>Its submit was on its way: the platform may or may not have it, and a rerun ends it as outcome unknown.</summary>
    public const string InFlight = "inFlight";

    /// <summary>Submitted and recorded: a rerun polls it to its end.</summary>
    public const string Submitted = "submitted";

    /// <summary>Ended as outcome unknown: resent only on request (<c>--at-least-once</c>).</summary>
    public const string OutcomeUnknown = "outcomeUnknown";

    /// <summary>Claimed by another run on the same folder, which is still going.</summary>
    public const string ClaimedByAnotherRun = "claimedByAnotherRun";
}
