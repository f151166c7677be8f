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

    /// <summary>The host's log entries about invocations of one function, since a mark.</summary>
    public static IEnumerable<HostLogEntry> Invocations(FunctionsHost host, int mark, string function, string outcome) =>
        host.Log.Since(mark).Where(e => e.Message.StartsWith($"Executed 'Functions.{function}' ({outcome}", StringComparison.Ordinal));
}
