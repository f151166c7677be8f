using System.Collections.Concurrent;
using System.Text.Json;
using Release0.Core.Http;
using Release0.Core.Jobs;
using Release0.Core.Jobs.Local;

namespace Release0.Core.Tests;

/// <summary>Throttling is not failure: a job the platform refused for its rate limit waits and comes back, bounded by its deadline.</summary>
public sealed class JobThrottlingTests
{
    private const string Submit = "/api/v1/chat/batch-message";

    [Fact]
    public async Task A_throttled_submit_comes_back_after_the_platforms_wait_with_its_deadline_and_is_sent_once()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add($"429=3@{Submit}");
        var clock = new ManualClock();
        using var connection = sandbox.Connect(o => o.MaxRetries = 0, time: clock);
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());

        // Refused: nothing thrown (a host would count a delivery), the claim handed back, the request put back.
        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-t", "batch-polls-1"), CancellationToken.None);

        var (name, again, delay) = Assert.Single(queue.Sent);
        Assert.Equal(JobQueues.BatchRequests, name);
        Assert.Equal(TimeSpan.FromSeconds(3), delay);
        Assert.Equal(clock.GetUtcNow() + new JobWorkflowOptions().DefaultTimeout, JsonDocument.Parse(again).RootElement.GetProperty("deadline").GetDateTimeOffset());
        Assert.True(folder.Exists("claims/batches/job-t/1-released.json"));
        Assert.False(folder.Exists("batches/job-t.json"));
        var wait = sandbox.Waits.All.Last();
        Assert.Equal(Release0WaitKind.Pace, wait.Kind);
        Assert.Equal("batch job job-t: the platform's rate limit; waiting 3s", wait.ToString());

        // Delivered again after the wait: submitted once, then polled to completion.
        queue.Sent.Clear();
        clock.Advance(delay);
        await workflow.HandleBatchRequestAsync(again, CancellationToken.None);
        await workflow.HandleBatchPollAsync(Assert.Single(queue.Sent).Message, CancellationToken.None);

        Assert.Equal(1, sandbox.Server.BatchSubmissions);
        Assert.Equal(2, sandbox.SubmitPosts());
        Assert.Contains("\"completed\"", folder.Read("batches/job-t.json"));
    }

    [Fact]
    public async Task A_job_throttled_again_and_again_claims_its_next_attempt_directly_and_a_forged_hint_sends_nothing_twice()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add($"429=1*4@{Submit}");
        var clock = new ManualClock();
        using var connection = sandbox.Connect(o => o.MaxRetries = 0, time: clock);
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());

        // Each come-back names the attempt it handed back, so the next delivery claims the one after it.
        var message = FastJobs.Batch("job-k", "batch-polls-1");
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await workflow.HandleBatchRequestAsync(message, CancellationToken.None);
            message = Assert.Single(queue.Sent).Message;
            queue.Sent.Clear();
            Assert.Equal(attempt, JsonDocument.Parse(message).RootElement.GetProperty("releasedAttempt").GetInt32());
            clock.Advance(TimeSpan.FromSeconds(2));
        }

        await workflow.HandleBatchRequestAsync(message, CancellationToken.None);
        Assert.True(folder.Exists("claims/batches/job-k/5.json"));
        Assert.Equal(1, sandbox.Server.BatchSubmissions);

        // A made-up hint finds no such release: the job claims from its first attempt, as every other delivery would.
        var forged = FastJobs.Batch("job-f", "batch-polls-1");
        await workflow.HandleBatchRequestAsync("{\"releasedAttempt\": 40, " + forged.Substring(1), CancellationToken.None);
        Assert.True(folder.Exists("claims/batches/job-f/1.json"));
        Assert.False(folder.Exists("claims/batches/job-f/41.json"));
        Assert.Equal(2, sandbox.Server.BatchSubmissions);
    }

    [Fact]
    public async Task A_job_the_platform_keeps_refusing_past_its_deadline_ends_timed_out_saying_so()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add($"429=60@{Submit}");
        var clock = new ManualClock();
        using var connection = sandbox.Connect(o => o.MaxRetries = 0, time: clock);
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());

        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-d", deadline: clock.GetUtcNow().AddSeconds(30).ToString("O")), CancellationToken.None);

        Assert.Empty(queue.Sent);
        using var result = JsonDocument.Parse(folder.Read("batches/job-d.json"));
        Assert.Equal("timedOut", result.RootElement.GetProperty("outcome").GetString());
        var error = result.RootElement.GetProperty("error");
        Assert.Equal("Throttled", error.GetProperty("kind").GetString());
        Assert.StartsWith("The platform kept refusing calls for its rate limit until the deadline", error.GetProperty("message").GetString());
        Assert.Equal(0, sandbox.Server.BatchSubmissions);
    }

    [Fact]
    public async Task A_throttled_poll_comes_back_as_the_same_poll()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect(o => o.MaxRetries = 0);
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());
        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-p", "batch-polls-1"), CancellationToken.None);
        var ticket = Assert.Single(queue.Sent).Message;
        queue.Sent.Clear();

        sandbox.Server.Faults.Add($"429=2@{Submit}/");
        await workflow.HandleBatchPollAsync(ticket, CancellationToken.None);

        var (name, again, delay) = Assert.Single(queue.Sent);
        Assert.Equal((JobQueues.BatchPolls, ticket, TimeSpan.FromSeconds(2)), (name, again, delay));
        Assert.False(folder.Exists("batches/job-p.json"));
    }

    [Fact]
    public async Task Jobs_run_behind_a_rate_limit_completes_every_job_once_and_gives_none_up()
    {
        await using var sandbox = await Sandbox.StartAsync();
        // Refusals without a delay, on submits and polls alike; the run's own waits are real, so the pace is
        // given a ceiling far above what ten jobs send: this is about the jobs, not the pace.
        sandbox.Server.Faults.Add($"429=0*12@{Submit}");
        using var connection = sandbox.Connect(o => (o.MaxRetries, o.MaxRate) = (0, 10_000));
        using var folder = new TempFolder();
        var lines = Enumerable.Range(1, 10).Select(i => FastJobs.Batch($"job-{i}", "batch-polls-1")).ToList();

        var summary = await new LocalJobRunner(connection, folder.Path, FastJobs.Options(), concurrency: 10).RunAsync(lines);

        Assert.True(summary.AllCompleted, string.Join(", ", summary.Outcomes.Values));
        Assert.Equal((0, 0), (summary.Poisoned, summary.RetriedFailures));
        Assert.Equal(10, sandbox.Server.BatchSubmissions);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "poison")));
        Assert.Equal(12, connection.Pacing.Refused);
    }

    [Fact]
    public async Task A_throttled_agent_event_comes_back_with_its_deadline_and_starts_one_conversation()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("429=2@/api/v1/agents/");
        var clock = new ManualClock();
        using var connection = sandbox.Connect(o => o.MaxRetries = 0, time: clock);
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());

        await workflow.HandleAgentEventAsync(FastJobs.Event("evt-t", "echo"), CancellationToken.None);

        var (name, again, delay) = Assert.Single(queue.Sent);
        Assert.Equal((JobQueues.AgentEvents, TimeSpan.FromSeconds(2)), (name, delay));
        Assert.Equal(clock.GetUtcNow() + new JobWorkflowOptions().DefaultTimeout, JsonDocument.Parse(again).RootElement.GetProperty("deadline").GetDateTimeOffset());
        Assert.True(folder.Exists("claims/chats/evt-t/1-released.json"));

        clock.Advance(delay);
        await workflow.HandleAgentEventAsync(again, CancellationToken.None);

        Assert.Equal(2, sandbox.ChatStarts());
        using var result = JsonDocument.Parse(folder.Read("chats/evt-t.json"));
        Assert.NotEqual("failed", result.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(2, result.RootElement.GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task An_event_throttled_again_and_again_claims_its_next_attempt_directly_and_finishes_once()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("429=1*4@/api/v1/agents/");
        var clock = new ManualClock();
        using var connection = sandbox.Connect(o => o.MaxRetries = 0, time: clock);
        using var folder = new TempFolder();
        var store = new RecordingStore(folder.Path);
        var queue = new RecordingQueue();
        var finished = new ConcurrentQueue<JobFinished>();
        var workflow = new JobWorkflow(connection, queue, store, FastJobs.Options(finished.Enqueue));

        // Each come-back names the attempt it handed back; the next delivery reads that one release and
        // claims the attempt after it, never reading through the earlier ones.
        var message = FastJobs.Event("evt-r", "echo");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            store.Operations.Clear();
            await workflow.HandleAgentEventAsync(message, CancellationToken.None);

            List<string> claimed = attempt == 1 ? [] : [$"read claims/chats/evt-r/{attempt - 1}-released.json"];
            claimed.Add($"create claims/chats/evt-r/{attempt}.json");
            if (attempt < 5)
            {
                claimed.Add($"create claims/chats/evt-r/{attempt}-released.json");
                var (_, again, delay) = Assert.Single(queue.Sent);
                queue.Sent.Clear();
                Assert.Equal(attempt, JsonDocument.Parse(again).RootElement.GetProperty("releasedAttempt").GetInt32());
                message = again;
                clock.Advance(delay);
            }

            Assert.Equal(claimed, store.Operations.Where(o => o.Contains(" claims/", StringComparison.Ordinal)));
        }

        Assert.Equal(5, sandbox.ChatStarts());
        var done = Assert.Single(finished);
        Assert.Equal(("chat", "evt-r"), (done.Kind, done.Id));
        using var result = JsonDocument.Parse(folder.Read("chats/evt-r.json"));
        Assert.NotEqual("failed", result.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(5, result.RootElement.GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task A_made_up_released_attempt_cannot_skip_an_events_claim_that_another_delivery_holds()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var clock = new ManualClock();
        using var connection = sandbox.Connect(o => o.MaxRetries = 0, time: clock);
        using var folder = new TempFolder();
        var store = new FolderResultStore(folder.Path);
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, store, FastJobs.Options());

        // Attempt 1 is held and was never released, so a message claiming to have released it finds no release:
        // the claim starts from attempt 1, finds it held, and waits instead of starting a second conversation.
        Assert.True((await new JobClaims(store, clock, runId: null).ClaimAsync("chats", "evt-h", CancellationToken.None)).Owned);
        var forged = "{\"releasedAttempt\": 1, " + FastJobs.Event("evt-h", "echo").Substring(1);
        await workflow.HandleAgentEventAsync(forged, CancellationToken.None);

        var (name, again, _) = Assert.Single(queue.Sent);
        Assert.Equal((JobQueues.AgentEvents, forged), (name, again));
        Assert.False(folder.Exists("claims/chats/evt-h/2.json"));
        Assert.False(folder.Exists("chats/evt-h.json"));
        Assert.Equal(0, sandbox.ChatStarts());
    }

    [Fact]
    public async Task A_continue_throttled_mid_conversation_waits_and_sends_the_same_reply_again_in_the_one_conversation()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("429=2@/api/v1/sessions/");
        var clock = new ManualClock();
        using var connection = sandbox.Connect(o => o.MaxRetries = 0, time: clock);
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());

        // The first continue is refused; the event waits for the platform's 2 s where it is, the conversation held.
        var handling = workflow.HandleAgentEventAsync(FastJobs.Event("evt-c", "echo", "hello", "bye"), CancellationToken.None);
        await clock.WhenWaitingAsync(TimeSpan.FromSeconds(2));
        Assert.False(handling.IsCompleted);
        Assert.Equal("agent event evt-c: the platform's rate limit; waiting 2s", sandbox.Waits.All.Last(w => w.Kind == Release0WaitKind.Pace).ToString());
        clock.Advance(TimeSpan.FromSeconds(2));
        await handling;

        Assert.Empty(queue.Sent);
        Assert.Equal(1, sandbox.ChatStarts());
        Assert.Equal(3, sandbox.Server.Requests.All.Count(r => r.Path.StartsWith("/api/v1/sessions/", StringComparison.Ordinal)));
        using var result = JsonDocument.Parse(folder.Read("chats/evt-c.json"));
        Assert.NotEqual("failed", result.RootElement.GetProperty("outcome").GetString());
        var said = result.RootElement.GetProperty("transcript").EnumerateArray().Where(l => l.GetProperty("speaker").GetString() == "user").Select(l => l.GetProperty("text").GetString());
        Assert.Equal(["hello", "bye"], said);
    }

    [Fact]
    public async Task A_continue_the_platform_keeps_refusing_past_the_deadline_ends_timed_out_with_the_conversation_so_far()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("429=60@/api/v1/sessions/");
        var clock = new ManualClock();
        using var connection = sandbox.Connect(o => o.MaxRetries = 0, time: clock);
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());
        var message = FastJobs.Event("evt-k", "echo", "hello").TrimEnd('}') + $",\"deadline\":\"{clock.GetUtcNow().AddSeconds(30):O}\"}}";

        await workflow.HandleAgentEventAsync(message, CancellationToken.None);

        Assert.Empty(queue.Sent);
        Assert.Equal(1, sandbox.ChatStarts());
        using var result = JsonDocument.Parse(folder.Read("chats/evt-k.json"));
        var root = result.RootElement;
        Assert.Equal("timedOut", root.GetProperty("outcome").GetString());
        Assert.Equal("Throttled", root.GetProperty("error").GetProperty("kind").GetString());
        Assert.StartsWith($"The conversation had started (session {root.GetProperty("sessionId").GetString()})", root.GetProperty("error").GetProperty("reason").GetString());
        Assert.NotEmpty(root.GetProperty("transcript").EnumerateArray());
    }

    [Fact]
    public async Task A_claim_of_the_running_process_own_run_is_settled_at_once_not_waited_for()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Path);
        using var run = FolderRunLock.Acquire(folder.Path, TimeProvider.System);
        var store = new FolderResultStore(folder.Path);

        // A delivery of this run claimed the job and ended without an outcome.
        Assert.True((await new JobClaims(store, TimeProvider.System, run.RunId).ClaimAsync("batches", "job-o", CancellationToken.None)).Owned);
        var queue = new RecordingQueue();
        await new JobWorkflow(connection, queue, store, FastJobs.Options(), null, run).HandleBatchRequestAsync(FastJobs.Batch("job-o"), CancellationToken.None);

        Assert.Empty(queue.Sent);
        Assert.DoesNotContain(sandbox.Waits.All, w => w.Kind == Release0WaitKind.Claim);
        using var result = JsonDocument.Parse(folder.Read("batches/job-o.json"));
        Assert.Contains("by this run, whose delivery ended without an outcome", result.RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(0, sandbox.SubmitPosts());
    }
}
