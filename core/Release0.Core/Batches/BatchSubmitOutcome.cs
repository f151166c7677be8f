namespace Release0.Core.Batches;

/// <summary>What happened to one request of a bulk submission: its job, or why it was not submitted.</summary>
public sealed class BatchSubmitOutcome
{
    public BatchSubmitOutcome(int index, BatchRequest request, BatchSubmission? submission, Exception? error)
    {
        Index = index;
        Request = request;
        Submission = submission;
        Error = error;
    }

    /// <summary>Position of the request in the input, from 0.</summary>
    public int Index { get; }

    public BatchRequest Request { get; }

    public BatchSubmission? Submission { get; }

    /// <summary>A validation or API error; null when submitted.</summary>
    public Exception? Error { get; }

    public bool Succeeded => Submission is not null;

    public override string ToString() => Succeeded ? $"#{Index}: {Submission!.BatchJobId}" : $"#{Index}: {Error!.Message}";
}
