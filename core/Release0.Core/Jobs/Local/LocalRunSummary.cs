namespace Release0.Core.Jobs.Local;

/// <summary>What a local run found at the end: the final outcome of each job or event of the input.</summary>
public sealed class LocalRunSummary
{
    public LocalRunSummary(IReadOnlyDictionary<string, string> outcomes, IReadOnlyDictionary<string, string> documents, int retriedFailures, int poisoned, IReadOnlyList<string>? outcomeUnknown = null, int stoppedClaims = 0)
    {
        Outcomes = outcomes;
        Documents = documents;
        RetriedFailures = retriedFailures;
        Poisoned = poisoned;
        OutcomeUnknown = outcomeUnknown ?? [];
        StoppedClaims = stoppedClaims;
    }

    /// <summary>
    /// Input id (job id, event id, or <c>line-N</c> for a line without a usable id) to outcome: completed,
    /// failed, timedOut, waitingForInput, rejected or notFinished (given up after retries). Each id once.
    /// </summary>
    public IReadOnlyDictionary<string, string> Outcomes { get; }

    /// <summary>Input id to the path of its final document in the results folder, when it has one.</summary>
    public IReadOnlyDictionary<string, string> Documents { get; }

    /// <summary>Transient failures that were retried.</summary>
    public int RetriedFailures { get; }

    /// <summary>Messages given up on after every retry (written to <c>poison/</c>).</summary>
    public int Poisoned { get; }

    /// <summary>
    /// Ids whose document says "outcome unknown" (they are among the failed <see cref="Outcomes"/>): their
    /// claimant stopped before recording anything. Only a deliberate resend sends them again.
    /// </summary>
    public IReadOnlyList<string> OutcomeUnknown { get; }

    /// <summary>Claims of a run that had stopped, found and settled by this run (each ended as outcome unknown).</summary>
    public int StoppedClaims { get; }

    public bool AllCompleted => Outcomes.Values.All(o => o == "completed");
}
