using System.Text.Json;
using System.Text.Json.Serialization;

namespace Release0.Core.Batches;

/// <summary>
/// The one format a <see cref="PollHistory"/> is kept in, by <see cref="PollHistoryFile"/> and by the
/// Functions app's blob alike: <c>{"version": 1, "agents": {"agent-id": [seconds, ...]}}</c>, each
/// agent's durations oldest first and the least recently recorded agent first.
/// </summary>
internal static class PollHistoryJson
{
    private const int Version = 1;

    // A year: a hand-edited document can hold anything, and only plausible durations are kept.
    private const double LongestSeconds = 366 * 24 * 3600;

    public static string Write(PollHistory history)
    {
        var document = new PollHistoryDocument
        {
            Version = Version,
            Agents = history.Snapshot().ToDictionary(a => a.Key, a => (List<double>?)a.Value.Select(d => Math.Round(d.TotalSeconds, 3)).ToList(), StringComparer.Ordinal),
        };
        return JsonSerializer.Serialize(document, PollHistoryJsonContext.Default.PollHistoryDocument);
    }

    /// <summary>The history <paramref name="text"/> holds; <see cref="PollHistoryStoreException"/> naming <paramref name="source"/> when it holds no history of this version.</summary>
    public static PollHistory Read(string text, string source)
    {
        PollHistoryDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(text, PollHistoryJsonContext.Default.PollHistoryDocument);
        }
        catch (JsonException ex)
        {
            throw new PollHistoryStoreException($"{source} is not a poll history (invalid JSON at line {(ex.LineNumber ?? 0) + 1})");
        }

        if (document?.Agents is null)
        {
            throw new PollHistoryStoreException($"{source} is not a poll history (it has no \"agents\" object)");
        }

        if (document.Version is { } version && version != Version)
        {
            throw new PollHistoryStoreException($"{source} is a poll history of version {version}, which this release0 does not read (it reads version {Version})");
        }

        var history = new PollHistory();
        foreach (var agent in document.Agents)
        {
            foreach (var seconds in agent.Value ?? [])
            {
                if (seconds is > 0 and < LongestSeconds)
                {
                    history.Record(agent.Key, TimeSpan.FromSeconds(seconds));
                }
            }
        }

        return history;
    }

    /// <summary>
    /// <paramref name="text"/> (null when nothing is stored yet) with one more duration. A document
    /// that is not a history is replaced: it was reported when read, and keeping it would keep the
    /// history from ever being saved.
    /// </summary>
    public static string WithRecorded(string? text, string agent, TimeSpan duration)
    {
        PollHistory history;
        try
        {
            history = text is null ? new PollHistory() : Read(text, "the stored history");
        }
        catch (PollHistoryStoreException)
        {
            history = new PollHistory();
        }

        history.Record(agent, duration);
        return Write(history);
    }
}

/// <summary>The stored shape (see <see cref="PollHistoryJson"/>); a missing version reads as 1, as the first files had it.</summary>
internal sealed class PollHistoryDocument
{
    [JsonPropertyName("version")]
    public int? Version { get; set; }

    [JsonPropertyName("agents")]
    public Dictionary<string, List<double>?>? Agents { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(PollHistoryDocument))]
internal sealed partial class PollHistoryJsonContext : JsonSerializerContext;
