using System.Text.Json;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Core.Jobs;
using Release0.Core.Jobs.Local;

namespace Release0.Core.Tests;

/// <summary>The workflow's handlers one message at a time, with a real results folder and the sandbox.</summary>
public sealed class JobWorkflowTests
{
    [Fact]
    public async Task A_redelivered_request_is_submitted_once_and_a_duplicate_ticket_writes_one_result()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());

        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-1", "batch-polls-1"), CancellationToken.None);
        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-1", "batch-polls-1"), CancellationToken.None);

        Assert.Equal(1, sandbox.Server.BatchSubmissions);
        var tickets = queue.Sent.Where(s => s.Queue == JobQueues.BatchPolls).ToList();
        Assert.Equal(2, tickets.Count);
        Assert.All(tickets, t => Assert.InRange(t.Delay, TimeSpan.FromMilliseconds(17), TimeSpan.FromMilliseconds(23)));

        await workflow.HandleBatchPollAsync(tickets[0].Message, CancellationToken.None);
        var first = folder.Read("batches/job-1.json");
        await workflow.HandleBatchPollAsync(tickets[1].Message, CancellationToken.None);

        Assert.Equal(first, folder.Read("batches/job-1.json"));
        Assert.Equal(1, sandbox.Server.Requests.Count("/api/v1/chat/batch-message/"));
        using var result = JsonDocument.Parse(first);
        Assert.Equal("completed", result.RootElement.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_crash_between_submission_and_scheduling_reschedules_without_resubmitting()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var queue = new RecordingQueue(failFirst: 1);
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());

        await Assert.ThrowsAsync<IOException>(() => workflow.HandleBatchRequestAsync(FastJobs.Batch("job-crash"), CancellationToken.None));
        Assert.True(folder.Exists("submissions/job-crash.json"));
        Assert.Empty(queue.Sent);

        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-crash"), CancellationToken.None);

        Assert.Equal(1, sandbox.Server.BatchSubmissions);
        var (name, message, _) = Assert.Single(queue.Sent);
        Assert.Equal(JobQueues.BatchPolls, name);
        using var ticket = JsonDocument.Parse(message);
        Assert.Equal(1, ticket.RootElement.GetProperty("attempt").GetInt32());
        Assert.StartsWith("bj_", ticket.RootElement.GetProperty("batchJobId").GetString());
    }

    [Fact]
    public async Task A_pending_job_is_polled_again_with_a_growing_delay_until_done()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());
        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-3", "batch-polls-3"), CancellationToken.None);

        var delays = new List<TimeSpan>();
        while (!folder.Exists("batches/job-3.json"))
        {
            Assert.True(queue.Sent.TryDequeue(out var next), "a pending job must schedule its next poll");
            delays.Add(next.Delay);
            await workflow.HandleBatchPollAsync(next.Message, CancellationToken.None);
        }

        Assert.Equal(3, delays.Count);
        Assert.True(delays[2] > delays[0], string.Join(", ", delays));
        using var result = JsonDocument.Parse(folder.Read("batches/job-3.json"));
        var root = result.RootElement;
        Assert.Equal(("completed", 3), (root.GetProperty("outcome").GetString(), root.GetProperty("polls").GetInt32()));
        Assert.Equal("pe_1", root.GetProperty("request").GetProperty("projectEnvId").GetString());
        Assert.Equal("and list owners", root.GetProperty("request").GetProperty("messages")[1].GetProperty("text").GetString());
        Assert.Equal("Echo: Summarise job-3", root.GetProperty("response").GetProperty("messages")[0].GetProperty("text").GetString());
        Assert.Equal("completed", root.GetProperty("response").GetProperty("raw").GetProperty("status").GetString());
        Assert.True(root.GetProperty("finishedAt").GetDateTimeOffset() >= root.GetProperty("submittedAt").GetDateTimeOffset());
    }

    [Theory]
    [InlineData(JobQueues.BatchRequests, """{"jobId":"job-bad","projectEnvId":"p","userProfileId":"u","messages":["x"]}""", "job-bad", "agentId is required")]
    [InlineData(JobQueues.BatchRequests, """{"jobId":"job-both","agentId":"a","projectEnvId":"p","userProfileId":"u","messages":["x"],"chatSessionId":"c","externalChatSessionId":"e"}""", "job-both", "not both")]
    [InlineData(JobQueues.BatchRequests, """{"jobId":"../etc","agentId":"a"}""", null, "jobId '../etc' may hold only letters")]
    [InlineData(JobQueues.BatchRequests, """{"jobId":"job-lf\n","agentId":"a"}""", null, "jobId 'job-lf\n' may hold only letters")]
    [InlineData(JobQueues.BatchPolls, """{"jobId":"job-p","batchJobId":"bj_1","userProfileId":"u","attempt":0,"deadline":"2026-11-21T03:00:00Z","submittedAt":"2026-11-21T02:00:00Z"}""", "job-p", "attempt must be a whole number of at least 1")]
    [InlineData(JobQueues.AgentEvents, """{"eventId":"evt-bad","agentId":"echo","replies":"hello"}""", "evt-bad", "replies must be an array of strings")]
    [InlineData(JobQueues.AgentEvents, "this is not json", null, "the agent event is not valid JSON")]
    public async Task A_malformed_message_is_kept_with_its_reason_and_not_retried(string queueName, string message, string? id, string reason)
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var finished = new List<JobFinished>();
        var workflow = new JobWorkflow(connection, new RecordingQueue(), new FolderResultStore(folder.Path), FastJobs.Options(finished.Add));

        await workflow.HandleAsync(queueName, message, CancellationToken.None);
        await workflow.HandleAsync(queueName, message, CancellationToken.None);

        var file = Assert.Single(folder.Files());
        Assert.StartsWith($"rejected/{queueName}/{id ?? "sha256-"}", file);
        using var rejected = JsonDocument.Parse(folder.Read(file));
        Assert.Equal(message, rejected.RootElement.GetProperty("originalText").GetString());
        Assert.Contains(reason, rejected.RootElement.GetProperty("reason").GetString());
        Assert.Equal("rejected", Assert.Single(finished).Outcome);
        Assert.Empty(sandbox.Server.Requests.All);
    }

    [Fact]
    public async Task Polls_of_an_agents_next_jobs_follow_how_long_its_earlier_jobs_took()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var clock = new ManualClock();
        using var connection = sandbox.Connect(time: clock);
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), new JobWorkflowOptions());

        TimeSpan FirstPollDelay(string jobId) => queue.Sent.Last(s => s.Queue == JobQueues.BatchPolls && s.Message.Contains(jobId)).Delay;
        for (var i = 1; i <= 3; i++)
        {
            await workflow.HandleBatchRequestAsync(FastJobs.Batch($"learn-{i}", agent: "batch-polls-1"), CancellationToken.None);
            Assert.InRange(FirstPollDelay($"learn-{i}"), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
            clock.Advance(TimeSpan.FromMinutes(5));
            await workflow.HandleBatchPollAsync(queue.Sent.Last(s => s.Queue == JobQueues.BatchPolls).Message, CancellationToken.None);
            Assert.True(folder.Exists($"batches/learn-{i}.json"));
        }

        await workflow.HandleBatchRequestAsync(FastJobs.Batch("learn-4", agent: "batch-polls-1"), CancellationToken.None);

        // Jobs of this agent took about five minutes: the first poll waits for most of that, not 2 s.
        Assert.InRange(FirstPollDelay("learn-4"), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(6));
        Assert.Equal("batch-polls-1", Release0.Core.Jobs.Messages.PollTicket.Parse(queue.Sent.Last().Message).AgentId);
    }

    [Fact]
    public async Task A_platform_that_refuses_the_connection_got_nothing_so_the_claim_is_released_and_the_host_may_retry()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var connection = new Release0Connection(new Release0ConnectionOptions { BaseUri = new Uri($"http://127.0.0.1:{port}/"), ApiToken = "refused-test-token", MaxRetries = 0 });
        using var folder = new TempFolder();
        var workflow = new JobWorkflow(connection, new RecordingQueue(), new FolderResultStore(folder.Path), FastJobs.Options());

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => workflow.HandleBatchRequestAsync(FastJobs.Batch("job-r"), CancellationToken.None));

        Assert.True(error.NothingSent);
        Assert.Contains("nothing was sent", error.Message);
        Assert.Equal(["claims/batches/job-r/1-released.json", "claims/batches/job-r/1.json"], folder.Files());
    }

    [Fact]
    public async Task A_503_with_retry_after_on_submit_releases_the_claim_and_comes_back_through_the_queue_without_using_a_delivery()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("503=0@/api/v1/chat/batch-message");
        using var connection = sandbox.Connect(o => o.MaxRetries = 0);
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());

        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-t"), CancellationToken.None);

        Assert.Equal(["claims/batches/job-t/1-released.json", "claims/batches/job-t/1.json"], folder.Files());
        Assert.Contains("HTTP 503", folder.Read("claims/batches/job-t/1-released.json"));
        var (name, again, _) = Assert.Single(queue.Sent);
        Assert.Equal(JobQueues.BatchRequests, name);

        await workflow.HandleBatchRequestAsync(again, CancellationToken.None);

        Assert.True(folder.Exists("claims/batches/job-t/2.json"));
        Assert.True(folder.Exists("submissions/job-t.json"));
        Assert.Equal((2, 1), (sandbox.SubmitPosts(), sandbox.Server.BatchSubmissions));
    }

    [Fact]
    public async Task A_permanent_failure_ends_the_job_with_the_platforms_error()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var workflow = new JobWorkflow(connection, new RecordingQueue(), new FolderResultStore(folder.Path), FastJobs.Options());

        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-404", "no-such-agent"), CancellationToken.None);

        using var result = JsonDocument.Parse(folder.Read("batches/job-404.json"));
        var error = result.RootElement.GetProperty("error");
        Assert.Equal("failed", result.RootElement.GetProperty("outcome").GetString());
        Assert.Equal((404, "Agent 'no-such-agent' not found"), (error.GetProperty("status").GetInt32(), error.GetProperty("message").GetString()));
        Assert.StartsWith("submit batch failed: HTTP 404", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_agent_event_runs_its_conversation_and_writes_the_transcript_once()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var workflow = new JobWorkflow(connection, new RecordingQueue(), new FolderResultStore(folder.Path), FastJobs.Options());

        await workflow.HandleAgentEventAsync(FastJobs.Event("evt-1", "lead-form", "Ann", "ANN@example.com", "Team"), CancellationToken.None);
        var starts = sandbox.Server.Requests.Count("/api/v1/agents/");
        await workflow.HandleAgentEventAsync(FastJobs.Event("evt-1", "lead-form", "Ann", "ANN@example.com", "Team"), CancellationToken.None);

        Assert.Equal(starts, sandbox.Server.Requests.Count("/api/v1/agents/"));
        using var result = JsonDocument.Parse(folder.Read("chats/evt-1.json"));
        var root = result.RootElement;
        Assert.Equal("completed", root.GetProperty("outcome").GetString());
        Assert.Equal("12", root.GetProperty("initialContext").GetProperty("Seats").GetString());
        var lines = root.GetProperty("transcript").EnumerateArray().Select(l => $"{l.GetProperty("speaker").GetString()}: {l.GetProperty("text").GetString()}").ToList();
        Assert.Equal("user: ann@example.com", lines[3]);
        Assert.Equal("agent: Thanks, Ann! We'll write to ann@example.com about the team plan.", lines[^1]);
        Assert.Equal(4, root.GetProperty("turns").GetArrayLength());
    }

    [Fact]
    public async Task An_agent_event_that_runs_out_of_replies_says_what_the_agent_waits_for()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var workflow = new JobWorkflow(connection, new RecordingQueue(), new FolderResultStore(folder.Path), FastJobs.Options());

        await workflow.HandleAgentEventAsync(FastJobs.Event("evt-2", "lead-form", "Bo"), CancellationToken.None);

        using var result = JsonDocument.Parse(folder.Read("chats/evt-2.json"));
        Assert.Equal("waitingForInput", result.RootElement.GetProperty("outcome").GetString());
        Assert.Equal("email input: Type your email...", result.RootElement.GetProperty("pendingInput").GetString());
    }

    [Fact]
    public async Task Scheduled_jobs_are_enqueued_once_per_slot_and_bad_definitions_are_kept_with_a_reason()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        using var definitions = new TempFolder();
        Directory.CreateDirectory(definitions.Path);
        File.WriteAllText(Path.Combine(definitions.Path, "nightly.json"), """{"id":"nightly","everyMinutes":60,"request":{"agentId":"batch-echo","projectEnvId":"p","userProfileId":"u","messages":["Summarise the night"]}}""");
        File.WriteAllText(Path.Combine(definitions.Path, "broken.json"), """{"id":"broken","everyMinutes":0,"request":{}}""");
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());
        var source = new FolderDefinitionSource(definitions.Path);
        var three = new DateTimeOffset(2026, 11, 21, 3, 5, 0, TimeSpan.Zero);

        var first = await workflow.EnqueueDueJobsAsync(source, three, CancellationToken.None);
        var again = await workflow.EnqueueDueJobsAsync(source, three.AddMinutes(30), CancellationToken.None);
        var next = await workflow.EnqueueDueJobsAsync(source, three.AddHours(1), CancellationToken.None);

        Assert.Equal((1, 0, 1), (first, again, next));
        var jobIds = queue.Sent.Select(s => JsonDocument.Parse(s.Message).RootElement.GetProperty("jobId").GetString()).ToList();
        Assert.Equal(["nightly-202611210300", "nightly-202611210400"], jobIds);
        Assert.Contains("everyMinutes must be a whole number of at least 1", folder.Read("rejected/schedules/broken.json"));
    }
}
