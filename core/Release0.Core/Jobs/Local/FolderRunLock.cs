using System.Text;
using Release0.Core.Files;
using Release0.Core.Jobs.Messages;

namespace Release0.Core.Jobs.Local;

/// <summary>
/// A run's liveness in its results folder: <c>runs/{runId}.lock</c>, held open and exclusively locked
/// while the run lives. The operating system drops the lock when the process ends, whether it exits,
/// is interrupted or is killed, so another run that can open the file exclusively knows its owner is gone.
/// </summary>
internal sealed class FolderRunLock : IRunLiveness, IDisposable
{
    private readonly string _folder;
    private readonly FileStream _lock;

    private FolderRunLock(string folder, string runId, FileStream held)
    {
        _folder = folder;
        RunId = runId;
        _lock = held;
    }

    public string RunId { get; }

    /// <summary>Creates and locks this run's file under <paramref name="root"/>/runs.</summary>
    public static FolderRunLock Acquire(string root, TimeProvider time)
    {
        var folder = Path.Combine(root, "runs");
        Directory.CreateDirectory(folder);
        var process = System.Diagnostics.Process.GetCurrentProcess().Id;
        var runId = $"{time.GetUtcNow():yyyyMMdd'T'HHmmss}-{process}-{Guid.NewGuid().ToString("N").Substring(0, 8)}";
        var held = new FileStream(Path.Combine(folder, runId + ".lock"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        var about = Encoding.UTF8.GetBytes($"release0 jobs run {runId}: process {process} on {Environment.MachineName}, started {time.GetUtcNow():O}\n");
        held.Write(about, 0, about.Length);
        held.Flush();
        return new FolderRunLock(folder, runId, held);
    }

    public RunState StateOf(string runId)
    {
        if (runId == RunId)
        {
            return RunState.Alive;
        }

        // With file locking switched off for this process, every lock would look free.
        if (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled) && disabled
            || Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING") is "1" or "true")
        {
            return RunState.Unknown;
        }

        // A claim edited by hand could name anything; only a run id names a lock file.
        if (!JobJson.IsSafeId(runId))
        {
            return RunState.Unknown;
        }

        var path = Path.Combine(_folder, runId + ".lock");
        try
        {
            using (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None))
            {
                // Held by us now, so no run can be using it: tidy it away (Windows refuses while it is open, which is harmless).
                LeftoverFile.TryDelete(path);
                return RunState.Stopped;
            }
        }
        catch (FileNotFoundException)
        {
            // A run removes its file when it ends normally.
            return RunState.Stopped;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Locked: its owner is still running.
            return RunState.Alive;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return RunState.Unknown;
        }
    }

    /// <summary>Releases the lock and removes the file; a lock file left behind still reads as stopped, since nobody holds its lock.</summary>
    public void Dispose()
    {
        _lock.Dispose();
        LeftoverFile.TryDelete(_lock.Name);
    }
}
