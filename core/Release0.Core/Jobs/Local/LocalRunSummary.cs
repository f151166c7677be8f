namespace Release0.Core.Jobs.Local;

/// <summary>What a local run found at the end: the final outcome of each job or event of the input.</summary>
public sealed class LocalRunSummary
{
    public LocalRunSummary(IReadOnlyDictionary<string, string> outcomes, IReadOnlyDictionary<string, string> documents, int retriedFailures, int poisoned)
    {
        Outcomes = outcomes;
        Documents = documents;
        RetriedFailures = retriedFailures;
        Poisoned = poisoned;
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

    public bool AllCompleted => Outcomes.Values.All(o => o == "completed");
}
