using System.Collections.Concurrent;
using Release0.Core.Batches;
using Release0.Core.Jobs;
using Release0.Core.Jobs.Local;

namespace Release0.Core.Tests;

/// <summary>A queue port that records what the workflow enqueues, and can fail the first send (a crash).</summary>
internal sealed class RecordingQueue : IJobQueue
{
    private int _failuresLeft;

    public RecordingQueue(int failFirst = 0)
    {
        _failuresLeft = failFirst;
    }

    public ConcurrentQueue<(string Queue, string Message, TimeSpan Delay)> Sent { get; } = new();

    public Task EnqueueAsync(string queue, string message, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new IOException("simulated crash: the queue could not be reached");
        }

        Sent.Enqueue((queue, message, delay));
        return Task.CompletedTask;
    }
}

/// <summary>A results folder of the test's own, removed afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "release0-tests", Guid.NewGuid().ToString("N"));

    public string Read(string relative) => File.ReadAllText(System.IO.Path.Combine(Path, relative));

    public bool Exists(string relative) => File.Exists(System.IO.Path.Combine(Path, relative));

    public IReadOnlyList<string> Files() => Directory.Exists(Path)
        ? Directory.GetFiles(Path, "*", SearchOption.AllDirectories).Select(f => System.IO.Path.GetRelativePath(Path, f).Replace('\\', '/')).OrderBy(f => f).ToList()
        : [];

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

internal static class FastJobs
{
    public static JobWorkflowOptions Options(Action<JobFinished>? onFinished = null) => new()
    {
        PollSchedule = new BatchWaitOptions { InitialInterval = TimeSpan.FromMilliseconds(20), BackoffFactor = 1.5, MaxInterval = TimeSpan.FromMilliseconds(100) },
        OnFinished = onFinished,
    };

    public static string Batch(string jobId, string agent = "batch-polls-2", string? deadline = null) =>
        $$"""{"jobId":"{{jobId}}","agentId":"{{agent}}","projectEnvId":"pe_1","userProfileId":"up_1","messages":["Summarise {{jobId}}",{"type":"","text":"and list owners"}]{{(deadline is null ? "" : $",\"deadline\":\"{deadline}\"")}}}""";

    public static string Event(string eventId, string agent = "lead-form", params string[] replies) =>
        $$"""{"eventId":"{{eventId}}","agentId":"{{agent}}","initialContext":{"Company":"Acme","Seats":12},"replies":[{{string.Join(",", replies.Select(r => $"\"{r}\""))}}]}""";
}

/// <summary>A results folder whose N-th write fails, as a full disk or a storage outage would.</summary>
internal sealed class FailingStore : IResultStore
{
    private readonly FolderResultStore _folder;
    private readonly int _failingWrite;
    private int _writes;

    public FailingStore(string path, int failingWrite)
    {
        _folder = new FolderResultStore(path);
        _failingWrite = failingWrite;
    }

    public List<string> Written { get; } = [];

    public Task<bool> TryCreateAsync(string path, string content, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _writes) == _failingWrite)
        {
            throw new IOException("No space left on device (simulated)");
        }

        lock (Written)
        {
            Written.Add(path);
        }

        return _folder.TryCreateAsync(path, content, cancellationToken);
    }

    public Task ReplaceAsync(string path, string content, CancellationToken cancellationToken) => _folder.ReplaceAsync(path, content, cancellationToken);

    public Task<string?> ReadAsync(string path, CancellationToken cancellationToken) => _folder.ReadAsync(path, cancellationToken);
}

/// <summary>
/// A results folder that holds every claim write until <paramref name="parties"/> of them are waiting,
/// then lets them race: deliveries that arrive "at the same moment", without sleeping.
/// </summary>
internal sealed class ClaimBarrierStore : IResultStore
{
    private readonly FolderResultStore _folder;
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _parties;
    private int _arrived;

    public ClaimBarrierStore(string path, int parties = 2)
    {
        _folder = new FolderResultStore(path);
        _parties = parties;
    }

    public async Task<bool> TryCreateAsync(string path, string content, CancellationToken cancellationToken)
    {
        if (path.StartsWith("claims/", StringComparison.Ordinal) && !_open.Task.IsCompleted)
        {
            if (Interlocked.Increment(ref _arrived) == _parties)
            {
                _open.SetResult();
            }

            await _open.Task.WaitAsync(cancellationToken);
        }

        return await _folder.TryCreateAsync(path, content, cancellationToken);
    }

    public Task ReplaceAsync(string path, string content, CancellationToken cancellationToken) => _folder.ReplaceAsync(path, content, cancellationToken);

    public Task<string?> ReadAsync(string path, CancellationToken cancellationToken) => _folder.ReadAsync(path, cancellationToken);
}

/// <summary>A results folder that records each operation on it, in order: what a delivery costs the store.</summary>
internal sealed class RecordingStore : IResultStore
{
    private readonly FolderResultStore _folder;

    public RecordingStore(string path)
    {
        _folder = new FolderResultStore(path);
    }

    /// <summary>"read", "create" or "replace", a space, and the path.</summary>
    public ConcurrentQueue<string> Operations { get; } = new();

    public Task<bool> TryCreateAsync(string path, string content, CancellationToken cancellationToken)
    {
        Operations.Enqueue($"create {path}");
        return _folder.TryCreateAsync(path, content, cancellationToken);
    }

    public Task ReplaceAsync(string path, string content, CancellationToken cancellationToken)
    {
        Operations.Enqueue($"replace {path}");
        return _folder.ReplaceAsync(path, content, cancellationToken);
    }

    public Task<string?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        Operations.Enqueue($"read {path}");
        return _folder.ReadAsync(path, cancellationToken);
    }
}

internal static class SandboxCounts
{
    /// <summary>Batch submissions that reached the sandbox, answered or not (polls have a longer path).</summary>
    public static int SubmitPosts(this Sandbox sandbox) => sandbox.Server.Requests.All.Count(r => r.Method == "POST" && r.Path == "/api/v1/chat/batch-message");

    /// <summary>Conversations started at the sandbox.</summary>
    public static int ChatStarts(this Sandbox sandbox) => sandbox.Server.Requests.All.Count(r => r.Path.StartsWith("/api/v1/agents/", StringComparison.Ordinal) && r.Path.EndsWith("/start", StringComparison.Ordinal));
}
