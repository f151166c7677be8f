using Release0.Core.Http;
using Release0.Core.Text;

namespace Release0.PowerShell.Hosting;

/// <summary>
/// A job's wait ended because the platform refused its polls for the rate limit until the wait's
/// timeout: nothing is known about the job itself, which may still be running. The last refusal is
/// the inner exception.
/// </summary>
internal sealed class BatchWaitThrottledException : Exception
{
    public BatchWaitThrottledException(string batchJobId, int refusedPolls, TimeSpan timeout, Release0ApiException lastRefusal)
        : base(Describe(batchJobId, refusedPolls, timeout, lastRefusal), lastRefusal)
    {
        BatchJobId = batchJobId;
    }

    public string BatchJobId { get; }

    private static string Describe(string batchJobId, int refusedPolls, TimeSpan timeout, Release0ApiException last)
    {
        var answer = last.StatusCode is { } status ? $"the last with HTTP {status}" : "the last at the call's deadline";
        var retry = last.RetryAfter is { } wait ? $", asking to wait {wait.TotalSeconds:0.###}s" : string.Empty;
        return $"Batch job {batchJobId} was not waited for to its end: the platform kept refusing its polls for its rate limit ({Plural.Of(refusedPolls, "poll")} refused in a row, {answer}{retry}) until the wait's timeout of {timeout.TotalSeconds:0.###}s. The job itself may still be running.";
    }
}
