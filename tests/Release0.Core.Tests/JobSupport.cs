using System.Collections.Concurrent;
using Release0.Core.Batches;
using Release0.Core.Jobs;

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
