using System.Diagnostics;
using Release0.Core.Files;

namespace Release0.Core.Batches;

/// <summary>
/// Keeps a <see cref="PollHistory"/> in a small JSON file (by default
/// <c>release0/poll-history.json</c> under the user's local data folder; <c>jobs run</c> keeps one in
/// its results folder). The history only makes polling cheaper, so it never stops a wait: a missing,
/// unreadable or corrupt file reads as an empty history (and is replaced on the next save), and a save
/// that fails is reported, not thrown. Writes hold an exclusive lock on <c>{file}.lock</c> around
/// reading, merging and writing, so concurrent processes each keep what they added.
/// </summary>
public sealed class PollHistoryFile : IPollHistoryStore
{
    /// <summary>The history's name in a results folder.</summary>
    public const string FileName = "poll-history.json";

    /// <summary>Names another file for the history (tests, shared runners), or <see cref="Off"/>.</summary>
    public const string PathVariable = "RELEASE0_POLL_HISTORY";

    /// <summary>The <see cref="PathVariable"/> value that keeps no history: waits use the default schedule.</summary>
    public const string Off = "off";

    // The lock is held for one read and one write of a few kilobytes; waiting longer means it is stuck.
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(10);

    public PollHistoryFile(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The poll history file needs a path.", nameof(path));
        }

        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    /// <summary>
    /// <see cref="PathVariable"/> when set, else <c>release0/poll-history.json</c> under the user's local
    /// data folder; null when the platform has none or the variable is <see cref="Off"/>.
    /// </summary>
    public static string? DefaultPath => PathFrom(Environment.GetEnvironmentVariable);

    /// <summary>The file at <see cref="DefaultPath"/> (variables read through <paramref name="getVariable"/>); null where there is none.</summary>
    public static PollHistoryFile? ForCurrentUser(Func<string, string?>? getVariable = null) =>
        PathFrom(getVariable ?? Environment.GetEnvironmentVariable) is { } path ? new PollHistoryFile(path) : null;

    /// <summary>The history file of a results folder (<see cref="FileName"/> in it).</summary>
    public static PollHistoryFile InFolder(string folder) => new(System.IO.Path.Combine(folder, FileName));

    private static string? PathFrom(Func<string, string?> getVariable) =>
        getVariable(PathVariable) is { Length: > 0 } configured ? (string.Equals(configured.Trim(), Off, StringComparison.OrdinalIgnoreCase) ? null : configured)
        : Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify) is { Length: > 0 } folder
            ? System.IO.Path.Combine(folder, "release0", FileName)
            : null;

    /// <summary>
    /// Makes a wait that starts at submission of <paramref name="agent"/>'s job follow what this file
    /// learned about the agent, and add the job's duration to the file when it completes.
    /// </summary>
    public void LearnFor(BatchWaitOptions options, string agent)
    {
        options.History = Load().DurationsOf(agent);
        options.OnCompleted = duration => TrySave(() => Update(text => PollHistoryJson.WithRecorded(text, agent, duration)));
    }

    /// <summary>The saved history, or an empty one when the file is missing, unreadable or not what this class writes.</summary>
    public PollHistory Load()
    {
        try
        {
            return ReadHistory();
        }
        catch (PollHistoryStoreException)
        {
            return new PollHistory();
        }
    }

    /// <summary>Replaces the file's history with <paramref name="history"/> (under the lock, moved into place so a reader never sees half of it); false when it could not be written.</summary>
    public bool Save(PollHistory history) => TrySave(() => Update(_ => PollHistoryJson.Write(history)));

    public Task<IReadOnlyList<TimeSpan>> LoadAsync(string agent, CancellationToken cancellationToken) =>
        Task.FromResult(ReadHistory().DurationsOf(agent));

    public Task RecordAsync(string agent, TimeSpan duration, CancellationToken cancellationToken)
    {
        Update(text => PollHistoryJson.WithRecorded(text, agent, duration));
        return Task.CompletedTask;
    }

    private static bool TrySave(Action save)
    {
        try
        {
            save();
            return true;
        }
        catch (PollHistoryStoreException)
        {
            return false;
        }
    }

    private string Describe() => $"the poll history file {Path}";

    /// <summary>The file's history; empty when there is no file, <see cref="PollHistoryStoreException"/> when it cannot be read or holds no history.</summary>
    private PollHistory ReadHistory() => ReadText() is { } text ? PollHistoryJson.Read(text, Describe()) : new PollHistory();

    /// <summary>The file's text; null when there is no file. Writes move a whole file into place, so no lock is needed to read.</summary>
    private string? ReadText()
    {
        try
        {
            return File.Exists(Path) ? File.ReadAllText(Path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PollHistoryStoreException($"{Describe()} cannot be read: {ex.Message}");
        }
    }

    /// <summary>Under the lock: reads the file, and writes what <paramref name="change"/> makes of its text (swapped in whole, so a reader never sees half of it).</summary>
    private void Update(Func<string?, string> change)
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            using var held = Lock();
            AtomicFile.Write(Path, change(ReadText()));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PollHistoryStoreException($"{Describe()} cannot be written: {ex.Message}");
        }
    }

    /// <summary>
    /// The exclusive lock: <c>{file}.lock</c> opened with no sharing (an OS lock, released when the
    /// process ends, however it ends). The file stays; deleting it would let two writers hold two files.
    /// </summary>
    private FileStream Lock()
    {
        var path = Path + ".lock";
        var waited = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path) && waited.Elapsed < LockTimeout)
            {
                // .NET has no blocking file lock on every platform; the holder is done within milliseconds.
                Thread.Sleep(Math.Min(1 << Math.Min(attempt, 6), 50));
            }
            catch (IOException) when (File.Exists(path))
            {
                throw new PollHistoryStoreException($"{Describe()} stayed locked by another process for {LockTimeout.TotalSeconds:0} s ({path}); this duration is not kept");
            }
        }
    }
}
