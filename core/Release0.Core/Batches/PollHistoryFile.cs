using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Release0.Core.Batches;

/// <summary>
/// Keeps a <see cref="PollHistory"/> in a small JSON file (by default
/// <c>release0/poll-history.json</c> under the user's local data folder). The history only makes
/// polling cheaper, so it never stops a wait: a missing, unreadable or corrupt file reads as an empty
/// history (and is replaced on the next save), and a save that fails is reported, not thrown.
/// Concurrent processes do not merge: the last one to save wins.
/// </summary>
public sealed class PollHistoryFile
{
    public PollHistoryFile(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The poll history file needs a path.", nameof(path));
        }

        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    /// <summary>Names another file for the history (tests, shared runners).</summary>
    public const string PathVariable = "RELEASE0_POLL_HISTORY";

    /// <summary>
    /// <see cref="PathVariable"/> when set, else <c>release0/poll-history.json</c> under the user's local
    /// data folder; null when the platform has none.
    /// </summary>
    public static string? DefaultPath => PathFrom(Environment.GetEnvironmentVariable);

    /// <summary>The file at <see cref="DefaultPath"/> (variables read through <paramref name="getVariable"/>); null where there is none.</summary>
    public static PollHistoryFile? ForCurrentUser(Func<string, string?>? getVariable = null) =>
        PathFrom(getVariable ?? Environment.GetEnvironmentVariable) is { } path ? new PollHistoryFile(path) : null;

    private static string? PathFrom(Func<string, string?> getVariable) =>
        getVariable(PathVariable) is { Length: > 0 } configured ? configured
        : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify) is { Length: > 0 } folder
            ? System.IO.Path.Combine(folder, "release0", "poll-history.json")
            : null;

    /// <summary>
    /// Makes a wait that starts at submission of <paramref name="agent"/>'s job follow what this file
    /// learned about the agent, and add the job's duration to the file when it completes (read again
    /// first, so a save only loses what another process saved in the same instant).
    /// </summary>
    public void LearnFor(BatchWaitOptions options, string agent)
    {
        options.History = Load().DurationsOf(agent);
        options.OnCompleted = duration =>
        {
            var latest = Load();
            latest.Record(agent, duration);
            Save(latest);
        };
    }

    /// <summary>The saved history, or an empty one when the file is missing, unreadable or not what this class writes.</summary>
    public PollHistory Load()
    {
        var history = new PollHistory();
        PollHistoryDocument? document;
        try
        {
            using var stream = File.OpenRead(Path);
            document = JsonSerializer.Deserialize(stream, PollHistoryJsonContext.Default.PollHistoryDocument);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return history;
        }

        foreach (var agent in document?.Agents ?? [])
        {
            foreach (var seconds in agent.Value ?? [])
            {
                // A hand-edited file can hold anything; only plausible durations are kept.
                if (seconds is > 0 and < 366 * 24 * 3600)
                {
                    history.Record(agent.Key, TimeSpan.FromSeconds(seconds));
                }
            }
        }

        return history;
    }

    /// <summary>Writes the history (to a temporary file moved into place, so a reader never sees half of it); false when it could not be written.</summary>
    public bool Save(PollHistory history)
    {
        var document = new PollHistoryDocument
        {
            Agents = history.Snapshot().ToDictionary(a => a.Key, a => (List<double>?)a.Value.Select(d => Math.Round(d.TotalSeconds, 3)).ToList(), StringComparer.Ordinal),
        };
        var temporary = Path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            File.WriteAllText(temporary, JsonSerializer.Serialize(document, PollHistoryJsonContext.Default.PollHistoryDocument), new UTF8Encoding(false));
            if (File.Exists(Path))
            {
                File.Replace(temporary, Path, null);
            }
            else
            {
                File.Move(temporary, Path);
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Only a leftover temporary file; nothing depends on it.
        }
    }
}

/// <summary>The file's shape: <c>{"version": 1, "agents": {"agent-id": [seconds, ...]}}</c>, oldest first.</summary>
internal sealed class PollHistoryDocument
{
    [JsonPropertyName("version")]
    public int Version { get; set; } = 1;

    [JsonPropertyName("agents")]
    public Dictionary<string, List<double>?>? Agents { get; set; }
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(PollHistoryDocument))]
internal sealed partial class PollHistoryJsonContext : JsonSerializerContext;
