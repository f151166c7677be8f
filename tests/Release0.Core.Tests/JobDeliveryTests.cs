using System.Text.Json;
using Release0.Core.Http;
using Release0.Core.Jobs;
using Release0.Core.Jobs.Local;

namespace Release0.Core.Tests;

/// <summary>
/// The delivery guarantee: each jobId and eventId reaches the platform at most once by default, under
/// concurrent deliveries, crashes and a store that fails, and every request ends with one document.
/// </summary>
public sealed class JobDeliveryTests
{
    [Fact]
    public async Task Two_deliveries_of_one_request_at_the_same_moment_submit_once_and_the_other_waits_for_it()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new ClaimBarrierStore(folder.Path), FastJobs.Options());

        await Task.WhenAll(
            Task.Run(() => workflow.HandleBatchRequestAsync(FastJobs.Batch("dup-1", "batch-polls-1"), CancellationToken.None)),
            Task.Run(() => workflow.HandleBatchRequestAsync(FastJobs.Batch("dup-1", "batch-polls-1"), CancellationToken.None)));

        Assert.Equal(1, sandbox.SubmitPosts());
        var waiting = Assert.Single(queue.Sent, s => s.Queue == JobQueues.BatchRequests);
        Assert.Equal(new JobWorkflowOptions().ClaimRecheckInterval, waiting.Delay);
        var poll = Assert.Single(queue.Sent, s => s.Queue == JobQueues.BatchPolls);

        await workflow.HandleBatchPollAsync(poll.Message, CancellationToken.None);
        await workflow.HandleBatchRequestAsync(waiting.Message, CancellationToken.None);

        Assert.Equal(1, sandbox.SubmitPosts());
        using var submission = JsonDocument.Parse(folder.Read("submissions/dup-1.json"));
        using var result = JsonDocument.Parse(folder.Read("batches/dup-1.json"));
        Assert.Equal(submission.RootElement.GetProperty("batchJobId").GetString(), result.RootElement.GetProperty("batchJobId").GetString());
        Assert.Equal("completed", result.RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Two_deliveries_of_one_agent_event_at_the_same_moment_run_one_conversation()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new ClaimBarrierStore(folder.Path), FastJobs.Options());
        var message = FastJobs.Event("evt-dup", "echo", "hello", "bye");

        await Task.WhenAll(
            Task.Run(() => workflow.HandleAgentEventAsync(message, CancellationToken.None)),
            Task.Run(() => workflow.HandleAgentEventAsync(message, CancellationToken.None)));
        var waiting = Assert.Single(queue.Sent);
        await workflow.HandleAgentEventAsync(waiting.Message, CancellationToken.None);

        Assert.Equal(1, sandbox.ChatStarts());
        using var result = JsonDocument.Parse(folder.Read("chats/evt-dup.json"));
        Assert.Equal("completed", result.RootElement.GetProperty("outcome").GetString());
        Assert.Single(queue.Sent);
    }

    [Fact]
    public async Task Of_two_writers_racing_for_one_document_in_a_folder_exactly_one_creates_it()
    {
        using var folder = new TempFolder();
        var store = new FolderResultStore(folder.Path);
        for (var i = 0; i < 500; i++)
        {
            using var together = new Barrier(2);
            var path = $"claims/batches/race/{i}.json";
            var created = await Task.WhenAll(Enumerable.Range(0, 2).Select(writer => Task.Run(() =>
            {
                together.SignalAndWait();
                return store.TryCreateAsync(path, $"writer {writer}", CancellationToken.None);
            })));

            Assert.Single(created, c => c);
        }

        Assert.Equal(500, folder.Files().Count);
    }

    [Theory]
    [InlineData(1, "claims/batches/job-f/1.json", "completed")]
    [InlineData(2, "submissions/job-f.json", "failed")]
    [InlineData(3, "batches/job-f.json", "completed")]
    public async Task A_store_failing_on_a_write_of_the_submit_path_stops_the_run_and_a_rerun_never_submits_twice(int failingWrite, string failedPath, string finalOutcome)
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        string[] lines = [FastJobs.Batch("job-f", "batch-polls-1")];

        var stopped = await Assert.ThrowsAsync<JobStoreException>(() => new LocalJobRunner(connection, new FailingStore(folder.Path, failingWrite), FastJobs.Options()).RunAsync(lines));

        Assert.Equal(failedPath, stopped.Path);
        Assert.Contains("No space left on device", stopped.Message);
        Assert.Equal(failingWrite == 1 ? 0 : 1, sandbox.SubmitPosts());
        Assert.False(folder.Exists("batches/job-f.json"));

        // The rerun knows no other run is live, so it need not wait out the claim's lease.
        var options = FastJobs.Options();
        options.ClaimLease = TimeSpan.Zero;
        var rerun = await new LocalJobRunner(connection, folder.Path, options).RunAsync(lines);

        Assert.Equal(1, sandbox.SubmitPosts());
        Assert.Equal(finalOutcome, rerun.Outcomes["job-f"]);
        Assert.Single(folder.Files(), f => f.StartsWith("batches/", StringComparison.Ordinal));
        if (finalOutcome == "failed")
        {
            using var result = JsonDocument.Parse(folder.Read("batches/job-f.json"));
            Assert.Equal("OutcomeUnknown", result.RootElement.GetProperty("error").GetProperty("kind").GetString());
        }
    }

    [Fact]
    public async Task A_crash_after_the_claim_and_before_the_batch_id_is_recorded_ends_as_unknown_after_the_lease()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var time = new ManualClock();
        using var connection = new Release0.Core.Connection.Release0Connection(sandbox.Options(), sandbox.Log, time);
        using var folder = new TempFolder();
        var claimedAt = time.GetUtcNow();
        var crashing = new JobWorkflow(connection, new RecordingQueue(), new FailingStore(folder.Path, failingWrite: 2), FastJobs.Options());
        await Assert.ThrowsAsync<JobStoreException>(() => crashing.HandleBatchRequestAsync(FastJobs.Batch("job-c", "batch-echo"), CancellationToken.None));
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());
        var lease = new JobWorkflowOptions().ClaimLease;

        // Within the lease, a redelivery waits for the owner's record and looks again later.
        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-c", "batch-echo"), CancellationToken.None);
        var again = Assert.Single(queue.Sent);
        Assert.Equal(JobQueues.BatchRequests, again.Queue);
        Assert.False(folder.Exists("batches/job-c.json"));

        time.Advance(lease - TimeSpan.FromSeconds(10));
        await workflow.HandleBatchRequestAsync(again.Message, CancellationToken.None);
        Assert.Equal(TimeSpan.FromSeconds(10), queue.Sent.Last().Delay);

        time.Advance(TimeSpan.FromSeconds(10));
        await workflow.HandleBatchRequestAsync(again.Message, CancellationToken.None);

        Assert.Equal(1, sandbox.SubmitPosts());
        Assert.Equal(2, queue.Sent.Count);
        using var result = JsonDocument.Parse(folder.Read("batches/job-c.json"));
        var root = result.RootElement;
        var error = root.GetProperty("error");
        Assert.Equal(("failed", "OutcomeUnknown"), (root.GetProperty("outcome").GetString(), error.GetProperty("kind").GetString()));
        Assert.Equal(claimedAt, root.GetProperty("claimedAt").GetDateTimeOffset());
        Assert.Contains($"Claimed at {claimedAt:O}", error.GetProperty("message").GetString());
        Assert.Contains("new jobId", error.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("500", 500)]
    [InlineData("502", 502)]
    [InlineData("504", 504)]
    [InlineData("drop", null)]
    public async Task An_ambiguous_submit_failure_ends_the_job_failed_and_is_never_resent_by_default(string fault, int? status)
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add($"{fault}@/api/v1/chat/batch-message");
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var workflow = new JobWorkflow(connection, new RecordingQueue(), new FolderResultStore(folder.Path), FastJobs.Options());

        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-500", "batch-echo"), CancellationToken.None);
        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-500", "batch-echo"), CancellationToken.None);

        Assert.Equal(1, sandbox.SubmitPosts());
        using var result = JsonDocument.Parse(folder.Read("batches/job-500.json"));
        var error = result.RootElement.GetProperty("error");
        Assert.Equal("failed", result.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(status, error.TryGetProperty("status", out var s) ? s.GetInt32() : null);
        Assert.StartsWith("Not resent: the platform may have acted on the request", error.GetProperty("reason").GetString());
        Assert.False(folder.Exists("submissions/job-500.json"));
    }

    [Fact]
    public async Task With_the_at_least_once_policy_a_500_on_submit_is_retried_and_the_job_completes()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("500@/api/v1/chat/batch-message");
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var options = FastJobs.Options();
        options.SubmitPolicy = SubmitPolicy.AtLeastOnce;
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), options);

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => workflow.HandleBatchRequestAsync(FastJobs.Batch("job-alo", "batch-polls-1"), CancellationToken.None));
        Assert.Equal(500, error.StatusCode);
        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-alo", "batch-polls-1"), CancellationToken.None);
        await workflow.HandleBatchPollAsync(Assert.Single(queue.Sent).Message, CancellationToken.None);

        Assert.Equal(2, sandbox.SubmitPosts());
        using var result = JsonDocument.Parse(folder.Read("batches/job-alo.json"));
        Assert.Equal("completed", result.RootElement.GetProperty("outcome").GetString());
        Assert.True(folder.Exists("claims/batches/job-alo/1-released.json"));
    }

    [Fact]
    public async Task A_conversation_that_fails_after_it_started_is_not_started_again()
    {
        await using var sandbox = await Sandbox.StartAsync();
        // 503 without Retry-After: an outage, not throttling (a throttled continue waits and is sent again).
        sandbox.Server.Faults.Add("503-bare*10@/api/v1/sessions/");
        using var connection = sandbox.Connect(o => o.MaxRetries = 0);
        using var folder = new TempFolder();
        var workflow = new JobWorkflow(connection, new RecordingQueue(), new FolderResultStore(folder.Path), FastJobs.Options());

        await workflow.HandleAgentEventAsync(FastJobs.Event("evt-cut", "echo", "hello", "bye"), CancellationToken.None);
        await workflow.HandleAgentEventAsync(FastJobs.Event("evt-cut", "echo", "hello", "bye"), CancellationToken.None);

        Assert.Equal(1, sandbox.ChatStarts());
        using var result = JsonDocument.Parse(folder.Read("chats/evt-cut.json"));
        var root = result.RootElement;
        Assert.Equal("failed", root.GetProperty("outcome").GetString());
        Assert.NotEmpty(root.GetProperty("transcript").EnumerateArray());
        Assert.Contains($"session {root.GetProperty("sessionId").GetString()}", root.GetProperty("error").GetProperty("reason").GetString());
    }
}
