using System.Security.Cryptography;
using System.Text;

namespace Release0.Core.Jobs;

/// <summary>Where the workflow writes each document, relative to the result store.</summary>
public static class ResultPaths
{
    public static string Batch(string jobId) => $"batches/{jobId}.json";

    public static string Chat(string eventId) => $"chats/{eventId}.json";

    /// <summary>Written after a successful submission and before the first poll is scheduled.</summary>
    public static string Submission(string jobId) => $"submissions/{jobId}.json";

    /// <summary>
    /// The <paramref name="attempt"/>-th claim on a job (<c>batches</c>) or event (<c>chats</c>): only its
    /// writer may send the work. A later attempt exists only after this one was released.
    /// </summary>
    public static string Claim(string kind, string id, int attempt) => $"claims/{kind}/{id}/{attempt}.json";

    /// <summary>Written by a claim's owner when the platform certainly did not act, so the next delivery may claim again.</summary>
    public static string ClaimRelease(string kind, string id, int attempt) => $"claims/{kind}/{id}/{attempt}-released.json";

    public static string Rejected(string queue, string id) => $"rejected/{queue}/{id}.json";

    /// <summary>The record of a rejected message: under its id when it had a usable one, else under its text's hash.</summary>
    public static string Rejected(string queue, string? id, string message) => Rejected(queue, id ?? Hash(message));

    /// <summary>Marks a scheduled job as enqueued for one slot.</summary>
    public static string ScheduleSlot(string definitionId, string slot) => $"schedules/{definitionId}/{slot}.json";

    /// <summary>Names a message without a usable id, so a redelivered copy lands on the same record.</summary>
    internal static string Hash(string text)
    {
        using var sha = SHA256.Create();
        var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
        return "sha256-" + string.Concat(bytes.Take(12).Select(b => b.ToString("x2")));
    }
}
