using System.Text.Json;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Core.Jobs;
using Release0.Core.Jobs.Local;

namespace Release0.Core.Tests;

/// <summary>
/// After a crash or an interruption: a claim of a run that stopped is settled at once, a live run's is
/// waited for, a job not yet sent is handed back, and an unknown outcome is resent only on request.
/// </summary>
public sealed class JobResumeTests
{
    [Fact]
    public async Task A_live_runs_claim_is_waited_for_past_its_lease_and_settled_at_once_when_that_run_stops()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var time = new ManualClock();
        using var connection = new Release0Connection(sandbox.Options(), sandbox.Log, time, waits: sandbox.Waits);
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Path);
        var crashed = FolderRunLock.Acquire(folder.Path, time);
        await SubmitWithoutRecordAsync(connection, folder, crashed, "job-k");
        using var rerun = FolderRunLock.Acquire(folder.Path, time);
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options(), sandbox.Log, rerun);

        // Alive: looked at again every recheck interval, however long past the lease.
        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-k", "batch-echo"), CancellationToken.None);
        time.Advance(new JobWorkflowOptions().ClaimLease + TimeSpan.FromMinutes(1));
        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-k", "batch-echo"), CancellationToken.None);

        Assert.Equal(2, queue.Sent.Count);
        Assert.All(queue.Sent, s => Assert.Equal(new JobWorkflowOptions().ClaimRecheckInterval, s.Delay));
        Assert.Contains(sandbox.Waits.All, w => w.Kind == Release0WaitKind.Claim && w.Reason == $"claimed by run {crashed.RunId}, which is still running");
        Assert.False(folder.Exists("batches/job-k.json"));

        // Stopped: decided now, without a lease.
        crashed.Dispose();
        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-k", "batch-echo"), CancellationToken.None);

        Assert.Equal(2, queue.Sent.Count);
        Assert.Equal(1, workflow.StoppedClaims);
        Assert.Equal(1, sandbox.SubmitPosts());
        using var result = JsonDocument.Parse(folder.Read("batches/job-k.json"));
        var error = result.RootElement.GetProperty("error");
        Assert.Equal("OutcomeUnknown", error.GetProperty("kind").GetString());
        Assert.Contains($"by run {crashed.RunId}, which stopped: no batch job id was recorded", error.GetProperty("message").GetString());
        Assert.Equal([$"runs/{rerun.RunId}.lock"], folder.Files().Where(f => f.StartsWith("runs/", StringComparison.Ordinal)));
        Assert.Contains("--at-least-once", error.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_resend_asked_for_in_the_message_replaces_an_unknown_outcome_and_keeps_it_in_the_history()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Path);
        await UnknownOutcomeAsync(connection, folder, "job-r");
        var unknown = folder.Read("batches/job-r.json");
        var queue = new RecordingQueue();

        // The Functions app: no liveness, so the lease rules; the message asks for the resend.
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());
        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-r", "batch-polls-1"), CancellationToken.None);
        Assert.Equal((1, unknown), (sandbox.SubmitPosts(), folder.Read("batches/job-r.json")));

        var resend = FastJobs.Batch("job-r", "batch-polls-1").TrimEnd('}') + ""","resendUnknown":true}""";
        await workflow.HandleBatchRequestAsync(resend, CancellationToken.None);
        await workflow.HandleBatchPollAsync(Assert.Single(queue.Sent).Message, CancellationToken.None);
        await workflow.HandleBatchRequestAsync(resend, CancellationToken.None);

        Assert.Equal(2, sandbox.SubmitPosts());
        using var result = JsonDocument.Parse(folder.Read("batches/job-r.json"));
        var root = result.RootElement;
        Assert.Equal(("completed", 2), (root.GetProperty("outcome").GetString(), root.GetProperty("attempt").GetInt32()));
        var earlier = Assert.Single(root.GetProperty("history").EnumerateArray());
        Assert.Equal(("failed", "OutcomeUnknown", 1), (earlier.GetProperty("outcome").GetString(), earlier.GetProperty("error").GetProperty("kind").GetString(), earlier.GetProperty("attempt").GetInt32()));
        Assert.Contains("resent deliberately", folder.Read("claims/batches/job-r/1-released.json"));
        Assert.Equal(root.GetProperty("batchJobId").GetString(), JsonDocument.Parse(folder.Read("submissions/job-r.json")).RootElement.GetProperty("batchJobId").GetString());
    }

    [Fact]
    public async Task An_agent_event_of_unknown_outcome_is_started_again_only_when_a_resend_is_asked_for()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Path);
        var message = FastJobs.Event("evt-u", "echo", "hello", "bye");
        using (var crashed = FolderRunLock.Acquire(folder.Path, TimeProvider.System))
        {
            // The conversation ran, and the run died before its transcript was written.
            var crashing = new JobWorkflow(connection, new RecordingQueue(), new FailingStore(folder.Path, failingWrite: 2), FastJobs.Options(), null, crashed);
            await Assert.ThrowsAsync<JobStoreException>(() => crashing.HandleAgentEventAsync(message, CancellationToken.None));
        }

        using var rerun = FolderRunLock.Acquire(folder.Path, TimeProvider.System);
        var plain = new JobWorkflow(connection, new RecordingQueue(), new FolderResultStore(folder.Path), FastJobs.Options(), null, rerun);
        await plain.HandleAgentEventAsync(message, CancellationToken.None);
        Assert.Contains("OutcomeUnknown", folder.Read("chats/evt-u.json"));

        var options = FastJobs.Options();
        options.ResendUnknown = true;
        await new JobWorkflow(connection, new RecordingQueue(), new FolderResultStore(folder.Path), options, null, rerun).HandleAgentEventAsync(message, CancellationToken.None);

        Assert.Equal(2, sandbox.ChatStarts());
        using var result = JsonDocument.Parse(folder.Read("chats/evt-u.json"));
        Assert.Equal("completed", result.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("OutcomeUnknown", Assert.Single(result.RootElement.GetProperty("history").EnumerateArray()).GetProperty("error").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Stopping_while_a_submit_waits_to_be_retried_hands_the_job_back_and_its_rerun_sends_it_once()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("429=20@/api/v1/chat/batch-message");
        var time = new ManualClock();
        using var connection = new Release0Connection(sandbox.Options(), sandbox.Log, time);
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());
        using var stop = new CancellationTokenSource();

        var handling = workflow.HandleBatchRequestAsync(FastJobs.Batch("job-s", "batch-polls-1"), stop.Token);
        await time.WhenWaitingAsync(TimeSpan.FromSeconds(20));
        stop.Cancel();

        Assert.IsType<NotSentCanceledException>(await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handling));
        Assert.Contains("stopped before the submit was sent", folder.Read("claims/batches/job-s/1-released.json"));

        // The rerun waits out the pause the platform asked for before it sends.
        var rerun = workflow.HandleBatchRequestAsync(FastJobs.Batch("job-s", "batch-polls-1"), CancellationToken.None);
        await time.WhenWaitingAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(1, sandbox.SubmitPosts());
        time.Advance(TimeSpan.FromSeconds(20));
        await rerun;
        await workflow.HandleBatchPollAsync(Assert.Single(queue.Sent).Message, CancellationToken.None);

        Assert.Equal(1, sandbox.Server.BatchSubmissions);
        Assert.Contains("\"completed\"", folder.Read("batches/job-s.json"));
    }

    [Fact]
    public async Task Stopping_while_a_submit_is_in_flight_keeps_the_claim()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var workflow = new JobWorkflow(connection, new RecordingQueue(), new FolderResultStore(folder.Path), FastJobs.Options());
        using var stop = new CancellationTokenSource();

        var handling = workflow.HandleBatchRequestAsync(FastJobs.Batch("job-f", "batch-held"), stop.Token);
        await sandbox.Server.SubmitGate.WhenHeldAsync(1);
        stop.Cancel();

        Assert.IsNotType<NotSentCanceledException>(await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handling));
        Assert.True(folder.Exists("claims/batches/job-f/1.json"));
        Assert.False(folder.Exists("claims/batches/job-f/1-released.json"));
        sandbox.Server.SubmitGate.Open();
    }

    [Fact]
    public void Checking_an_out_folder_creates_nothing_and_names_what_is_in_the_way()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Path);
        File.WriteAllText(Path.Combine(folder.Path, "a-file"), "x");

        FolderResultStore.CheckWritable(Path.Combine(folder.Path, "new", "results"), "--out");
        var blocked = Assert.Throws<Release0ConfigurationException>(() => FolderResultStore.CheckWritable(Path.Combine(folder.Path, "a-file", "results"), "--out"));

        Assert.Equal(["a-file"], folder.Files());
        Assert.EndsWith($"cannot be created: {Path.Combine(folder.Path, "a-file")} is a file.", blocked.Message);
    }

    /// <summary>A run that submitted the job and died before recording it (its record write failed, then its lock went).</summary>
    private static async Task SubmitWithoutRecordAsync(Release0Connection connection, TempFolder folder, FolderRunLock run, string jobId)
    {
        var crashing = new JobWorkflow(connection, new RecordingQueue(), new FailingStore(folder.Path, failingWrite: 2), FastJobs.Options(), null, run);
        await Assert.ThrowsAsync<JobStoreException>(() => crashing.HandleBatchRequestAsync(FastJobs.Batch(jobId, "batch-echo"), CancellationToken.None));
    }

    private static async Task UnknownOutcomeAsync(Release0Connection connection, TempFolder folder, string jobId)
    {
        using (var crashed = FolderRunLock.Acquire(folder.Path, TimeProvider.System))
        {
            await SubmitWithoutRecordAsync(connection, folder, crashed, jobId);
        }

        using var rerun = FolderRunLock.Acquire(folder.Path, TimeProvider.System);
        await new JobWorkflow(connection, new RecordingQueue(), new FolderResultStore(folder.Path), FastJobs.Options(), null, rerun)
            .HandleBatchRequestAsync(FastJobs.Batch(jobId, "batch-echo"), CancellationToken.None);
    }
}
