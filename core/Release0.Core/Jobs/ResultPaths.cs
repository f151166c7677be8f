namespace Release0.Core.Jobs;

/// <summary>Where the workflow writes each document, relative to the result store.</summary>
public static class ResultPaths
{
    public static string Batch(string jobId) => $"batches/{jobId}.json";

    public static string Chat(string eventId) => $"chats/{eventId}.json";

    /// <summary>Written after a successful submission and before the first poll is scheduled.</summary>
    public static string Submission(string jobId) => $"submissions/{jobId}.json";

    public static string Rejected(string queue, string id) => $"rejected/{queue}/{id}.json";

    /// <summary>Marks a scheduled job as enqueued for one slot.</summary>
    public static string ScheduleSlot(string definitionId, string slot) => $"schedules/{definitionId}/{slot}.json";
}
