using System.Collections.Concurrent;
using System.Text.Json;
using Release0.Core.Jobs;
using Release0.Core.Jobs.Local;

namespace Release0.Core.Tests;

/// <summary>The whole workflow end to end through the in-process queue and a results folder.</summary>
public sealed class LocalJobRunnerTests
{
    [Fact]
    public async Task A_hundred_mixed_jobs_finish_correctly_and_a_rerun_is_a_no_op()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(2).ToString("O");
        var lines = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            lines.Add(FastJobs.Batch($"job-{i:000}", $"batch-polls-{1 + (i % 4)}"));
        }

        for (var i = 0; i < 30; i++)
        {
            lines.Add(i % 2 == 0 ? FastJobs.Event($"evt-{i:000}", "echo", $"hello {i}", "bye") : FastJobs.Event($"evt-{i:000}", "lead-form", "Ann", "ann@example.com", "Starter"));
        }

        lines.Add(FastJobs.Batch("job-fails", "batch-fail"));
        lines.Add(FastJobs.Batch("job-late", "batch-never", deadline));
        lines.Add(FastJobs.Event("evt-short", "lead-form", "Cy"));
        lines.Add("""{"jobId":"job-malformed","agentId":"a"}""");
        lines.Add("""{"eventId":"evt-malformed","agentId":"echo","replies":[1,2]}""");
        lines.Add("""{"neither":true}""");
        lines.Add("not json at all");
        lines.Add(FastJobs.Batch("job-404", "no-such-agent"));
        lines.Add(FastJobs.Event("evt-404", "no-such-agent"));
        lines.Add(FastJobs.Batch("job-last", "batch-echo-never-mind".Replace("-never-mind", string.Empty)));
        var finished = 0;
        var runner = new LocalJobRunner(connection, folder.Path, FastJobs.Options(_ => Interlocked.Increment(ref finished)), concurrency: 16);

        var summary = await runner.RunAsync(lines);

        Assert.Equal(100, summary.Outcomes.Count);
        Assert.Equal(100, finished);
        Assert.Equal(90, summary.Outcomes.Where(o => o.Key.StartsWith("job-0") || o.Key.StartsWith("evt-0")).Count(o => o.Value == "completed"));
        Assert.Equal("failed", summary.Outcomes["job-fails"]);
        Assert.Equal("timedOut", summary.Outcomes["job-late"]);
        Assert.Equal("waitingForInput", summary.Outcomes["evt-short"]);
        Assert.Equal(("rejected", "rejected", "rejected", "rejected"), (summary.Outcomes["job-malformed"], summary.Outcomes["evt-malformed"], summary.Outcomes["line-96"], summary.Outcomes["line-97"]));
        Assert.Equal(("failed", "failed"), (summary.Outcomes["job-404"], summary.Outcomes["evt-404"]));
        // Every accepted submission is recorded once: nothing was submitted twice.
        Assert.Equal(folder.Files().Count(f => f.StartsWith("submissions/", StringComparison.Ordinal)), sandbox.Server.BatchSubmissions);
        Assert.InRange(sandbox.Server.BatchSubmissions, 62, 63); // job-late is not submitted if its deadline passed before it was read

        Assert.False(summary.AllCompleted);
        Assert.Equal(0, summary.Poisoned);

        var files = folder.Files().ToDictionary(f => f, folder.Read);
        var requests = sandbox.Server.Requests.All.Count;
        var rerun = await new LocalJobRunner(connection, folder.Path, FastJobs.Options()).RunAsync(lines);

        Assert.Equal(summary.Outcomes, rerun.Outcomes);
        Assert.Equal(requests, sandbox.Server.Requests.All.Count);
        Assert.Equal(files, folder.Files().ToDictionary(f => f, folder.Read));
        Assert.All(files.Values, content => Assert.DoesNotContain(sandbox.Server.Token, content));
    }

    [Fact]
    public async Task Transient_failures_are_retried_and_then_given_up_with_a_record()
    {
        await using var sandbox = await Sandbox.StartAsync();
        // 503 without Retry-After: a failure the host retries (with it, a rate limit the job waits out instead).
        sandbox.Server.Faults.Add("503-bare*2@/api/v1/agents/echo");
        sandbox.Server.Faults.Add("503-bare*100@/api/v1/agents/showcase");
        using var connection = sandbox.Connect(o => o.MaxRetries = 0);
        using var folder = new TempFolder();
        var runner = new LocalJobRunner(connection, folder.Path, FastJobs.Options()) { RetryDelay = TimeSpan.FromMilliseconds(10) };

        var summary = await runner.RunAsync([FastJobs.Event("evt-retry", "echo", "bye"), FastJobs.Event("evt-doomed", "showcase")]);

        Assert.Equal("completed", summary.Outcomes["evt-retry"]);
        Assert.Equal("notFinished", summary.Outcomes["evt-doomed"]);
        Assert.Equal(1, summary.Poisoned);
        Assert.Equal(2 + (LocalJobRunner.MaxDeliveries - 1), summary.RetriedFailures);
        var poison = Assert.Single(folder.Files(), f => f.StartsWith("poison/release0-agent-events/", StringComparison.Ordinal));
        using var record = JsonDocument.Parse(folder.Read(poison));
        Assert.Contains($"gave up after {LocalJobRunner.MaxDeliveries} attempts", record.RootElement.GetProperty("reason").GetString());
        Assert.Contains("evt-doomed", record.RootElement.GetProperty("originalText").GetString());
    }

    [Fact]
    public async Task Unsafe_ids_are_rejected_with_their_reason_and_counted_once_under_their_line()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var outside = Path.Combine(Path.GetTempPath(), "release0-tests", "x.json");
        // Told from the runner's workers, several at once.
        var finished = new ConcurrentQueue<JobFinished>();
        string[] lines =
        [
            FastJobs.Batch("../../../tmp/x"),
            FastJobs.Batch("bad one"),
            """{"eventId":"a/b","agentId":"echo"}""",
            FastJobs.Batch("fine-1", "batch-polls-1"),
        ];

        var summary = await new LocalJobRunner(connection, folder.Path + Path.DirectorySeparatorChar, FastJobs.Options(finished.Enqueue)).RunAsync(lines);

        Assert.Equal(new Dictionary<string, string> { ["line-1"] = "rejected", ["line-2"] = "rejected", ["line-3"] = "rejected", ["fine-1"] = "completed" }, summary.Outcomes);
        Assert.Equal(4, finished.Count);
        Assert.False(File.Exists(outside));
        using var record = JsonDocument.Parse(folder.Read(summary.Documents["line-2"]));
        Assert.StartsWith("rejected/release0-batch-requests/sha256-", summary.Documents["line-2"]);
        Assert.Contains("jobId 'bad one' may hold only letters, digits", record.RootElement.GetProperty("reason").GetString());
        Assert.Equal(lines[1], record.RootElement.GetProperty("originalText").GetString());
        Assert.StartsWith("rejected/release0-agent-events/sha256-", summary.Documents["line-3"]);
        Assert.Equal(1, sandbox.SubmitPosts());
    }

    [Fact]
    public async Task A_line_that_is_not_json_is_rejected_saying_so_and_where()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();

        var summary = await new LocalJobRunner(connection, folder.Path).RunAsync(["", """{"jobId":"j-1","agentId": }"""]);

        Assert.Equal("rejected", summary.Outcomes["line-2"]);
        using var record = JsonDocument.Parse(folder.Read("rejected/input/line-2.json"));
        Assert.Equal("line 2 is not valid JSON: at character 27, '}' is an invalid start of a value.", record.RootElement.GetProperty("reason").GetString());
        Assert.Empty(sandbox.Server.Requests.All);
    }

    [Fact]
    public async Task Lines_repeating_an_id_run_once_and_are_counted_once()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var log = new ListLog();
        var counted = 0;
        var runner = new LocalJobRunner(connection, folder.Path, FastJobs.Options(), log) { OnInputsCounted = n => counted = n };

        var summary = await runner.RunAsync(
        [
            FastJobs.Batch("dup-1", "batch-polls-1"),
            FastJobs.Event("evt-dup", "echo", "hi", "bye"),
            FastJobs.Batch("dup-1", "batch-polls-1"),
            FastJobs.Event("evt-dup", "echo", "hi", "bye"),
        ]);

        Assert.Equal(2, counted);
        Assert.Equal(new Dictionary<string, string> { ["dup-1"] = "completed", ["evt-dup"] = "completed" }, summary.Outcomes);
        Assert.Equal((1, 1), (sandbox.SubmitPosts(), sandbox.ChatStarts()));
        Assert.Contains("Warning: line 3 repeats the jobId dup-1 of line 1; it is run once", log.Lines);
        Assert.Contains("Warning: line 4 repeats the eventId evt-dup of line 2; it is run once", log.Lines);
    }

    [Fact]
    public async Task An_empty_input_finishes_at_once()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();

        var summary = await new LocalJobRunner(connection, folder.Path).RunAsync(["", "  "]);

        Assert.Empty(summary.Outcomes);
        Assert.True(summary.AllCompleted);
    }
}
