using System.Text.Json;

namespace Release0.Functions.HostTests;

/// <summary>The messages the tests enqueue and the documents they read back, in the app's own shapes.</summary>
internal static class Jobs
{
    /// <summary>How long a job may take in the host before a test fails (never asserted on, see <see cref="Eventually"/>).</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>An id no earlier run on the same Azurite account used.</summary>
    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static string Request(string jobId, string agent = "batch-polls-2") =>
        $$"""{"jobId":"{{jobId}}","agentId":"{{agent}}","projectEnvId":"pe_1","userProfileId":"up_1","messages":["Summarise {{jobId}}"]}""";

    /// <summary>Waits for a result document at <paramref name="path"/> and parses it.</summary>
    public static async Task<JsonElement> ResultAsync(FunctionsHost host, string path, TimeSpan? within = null)
    {
        var text = await Eventually.ValueAsync($"the host writing {path}", () => host.ReadResultAsync(path), within ?? Limit, host.Tail);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Waits until a queue holds no message, visible or not: the host deletes a message just after its
    /// invocation ends, and a message kept for a retry would never leave.
    /// </summary>
    public static Task QueueEmptyAsync(FunctionsHost host, string queue) => Eventually.TrueAsync(
        $"{queue} becoming empty",
        async () => (await host.Queue(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
        Limit,
        host.Tail);

    /// <summary>The host's log entries about invocations of one function, since a mark.</summary>
    public static IEnumerable<HostLogEntry> Invocations(FunctionsHost host, int mark, string function, string outcome) =>
        host.Log.Since(mark).Where(e => IsInvocation(e, function, outcome));

    /// <summary>
    /// Waits for at least one such entry and returns them all: an entry is complete only once the next one
    /// starts, so the host's latest line may still be on its way when the state it reports is already visible.
    /// </summary>
    public static Task<List<HostLogEntry>> InvocationsAsync(FunctionsHost host, int mark, string function, string outcome) =>
        EntriesAsync(host, mark, $"an 'Executed {function} ({outcome}' line in the host log", e => IsInvocation(e, function, outcome));

    public static Task<List<HostLogEntry>> EntriesAsync(FunctionsHost host, int mark, string what, Func<HostLogEntry, bool> match) =>
        Eventually.ValueAsync(what, () => Task.FromResult(host.Log.Since(mark).Where(match).ToList() is { Count: > 0 } found ? found : null), Limit, host.Tail);

    private static bool IsInvocation(HostLogEntry entry, string function, string outcome) =>
        entry.Message.StartsWith($"Executed 'Functions.{function}' ({outcome}", StringComparison.Ordinal);
}
