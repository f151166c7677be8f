using System.Text.Json;
using Release0.Core.Batches;
using Release0.Core.Connection;
using Release0.Core.Http;
using Release0.Core.Json;

namespace Release0.Core.Tests;

public sealed class BatchTests
{
    private static readonly BatchWaitOptions Fast = new() { InitialInterval = TimeSpan.FromMilliseconds(50), BackoffFactor = 1.5, MaxInterval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(20) };

    private static BatchRequest Request(string agentId = "batch-after-300", params string[] messages) => new()
    {
        UserProfileId = "up_1",
        ProjectEnvId = "pe_1",
        AgentId = agentId,
        Messages = (messages.Length == 0 ? ["Summarise open tickets"] : messages).Select(BatchMessage.FromText).ToList(),
    };

    [Fact]
    public async Task Submit_then_wait_returns_the_agents_messages()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var batches = new BatchClient(connection);
        var progress = new List<BatchWaitProgress>();

        var submission = await batches.SubmitAsync(Request("batch-polls-3", "one", "two"));
        var result = await batches.WaitAsync(submission.BatchJobId, "up_1", Fast, progress.Add);

        Assert.StartsWith("bj_", submission.BatchJobId);
        Assert.Equal(BatchOutcome.Completed, result.Outcome);
        Assert.Equal(["Echo: one", "Echo: two"], result.LastStatus.Messages.Select(m => m.Text));
        Assert.StartsWith("cs_", result.LastStatus.ChatSessionId);
        Assert.Equal(3, result.Polls);
        Assert.Equal(3, progress.Count);
        Assert.Equal(BatchState.Pending, progress[0].LastStatus.State);
        Assert.Equal("running", progress[0].LastStatus.StatusText);
        Assert.Equal(Enumerable.Range(1, progress.Count), progress.Select(p => p.Polls));
    }

    [Fact]
    public async Task Both_message_encodings_are_accepted()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var request = Request();
        request.MessagesEncoding = BatchMessagesEncoding.Array;

        var submission = await new BatchClient(connection).SubmitAsync(request);

        Assert.StartsWith("bj_", submission.BatchJobId);
    }

    [Fact]
    public void Messages_are_a_stringified_json_array_by_default()
    {
        var request = Request("a", "Hi \"there\"");
        request.Filters = BatchFilters.Parse("""{"includeEntities":"filtered","entityFilters":[{"entityId":"tickets","select":["title"],"where":{"status":"open"}}]}""");

        var json = JsonSerializer.Serialize(BatchRequestBody.From(request), CoreJsonContext.Default.BatchRequestBody);

        Assert.Contains("\"messages\":\"[{\\u0022type\\u0022:\\u0022\\u0022,\\u0022text\\u0022:\\u0022Hi \\\\u0022there\\\\u0022\\u0022}]\"", json);
        Assert.Contains("\"filters\":{\"includeEntities\":\"filtered\",\"entityFilters\":[{\"entityId\":\"tickets\",\"select\":[\"title\"],\"where\":{\"status\":\"open\"}}]}", json);
        Assert.DoesNotContain("chatSessionId", json);
    }

    [Fact]
    public async Task A_failed_job_ends_the_wait_with_its_error()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var batches = new BatchClient(connection);
        var submission = await batches.SubmitAsync(Request("batch-fail"));

        var result = await batches.WaitAsync(submission.BatchJobId, "up_1", Fast);

        Assert.Equal(BatchOutcome.Failed, result.Outcome);
        Assert.Equal("AGENT_ERROR", result.LastStatus.ErrorCode);
        Assert.Equal("The agent could not answer: upstream model error.", result.LastStatus.ErrorMessage);
    }

    [Fact]
    public async Task A_job_past_the_deadline_times_out_with_the_last_raw_response()
    {
        await using var sandbox = await Sandbox.StartAsync();
        var clock = new ManualClock();
        using var connection = sandbox.Connect(time: clock);
        var batches = new BatchClient(connection);
        var submission = await batches.SubmitAsync(Request("batch-never"));
        var options = new BatchWaitOptions { InitialInterval = TimeSpan.FromSeconds(2), MaxInterval = TimeSpan.FromSeconds(2), Jitter = 0, Timeout = TimeSpan.FromSeconds(5) };

        var wait = batches.WaitAsync(submission.BatchJobId, "up_1", options);
        while (await Task.WhenAny(wait, clock.WhenWaitingAsync(TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(2))) != wait)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var result = await wait;
        Assert.Equal(BatchOutcome.TimedOut, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(5), result.Elapsed);
        Assert.Equal(3, result.Polls);
        Assert.Equal("running", result.LastStatus.Raw.GetProperty("status").GetString());
        Assert.Equal(submission.BatchJobId, result.LastStatus.Raw.GetProperty("batchJobId").GetString());

        // Before each interval the wait was announced; the last one is cut to the deadline.
        Assert.Equal(
            [$"batch {submission.BatchJobId}: submitted; next poll in 2s", $"batch {submission.BatchJobId}: running after 1 poll, 2s of 5s; next poll in 2s", $"batch {submission.BatchJobId}: running after 2 polls, 4s of 5s; next poll in 1s"],
            sandbox.Waits.All.Select(w => w.ToString()));
    }

    [Fact]
    public async Task Cancelling_a_wait_stops_it_promptly()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var batches = new BatchClient(connection);
        var submission = await batches.SubmitAsync(Request("batch-never"));
        using var cancel = new CancellationTokenSource();
        var slow = new BatchWaitOptions { InitialInterval = TimeSpan.FromMilliseconds(50), MaxInterval = TimeSpan.FromMinutes(10), BackoffFactor = 10, Timeout = TimeSpan.FromHours(1) };

        // Cancel from the progress callback after the second poll: the next wait is minutes long.
        var wait = batches.WaitAsync(submission.BatchJobId, "up_1", slow, p =>
        {
            if (p.Polls == 2)
            {
                cancel.Cancel();
            }
        }, cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(2, sandbox.Server.Requests.Count("/api/v1/chat/batch-message/"));
    }

    [Fact]
    public async Task A_vanished_job_is_a_not_found_error()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var batches = new BatchClient(connection);
        var submission = await batches.SubmitAsync(Request("batch-vanish"));

        var error = await Assert.ThrowsAsync<Release0ApiException>(() => batches.WaitAsync(submission.BatchJobId, "up_1", Fast));

        Assert.Equal(404, error.StatusCode);
        Assert.Equal("Batch job not found", error.ApiMessage);
        Assert.Equal("poll batch", error.Operation);
    }

    [Theory]
    [InlineData("502*2")]
    [InlineData("500")]
    [InlineData("drop")]
    [InlineData("504")]
    public async Task Polls_are_retried_on_server_errors_and_dropped_connections(string fault)
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var batches = new BatchClient(connection);
        var submission = await batches.SubmitAsync(Request("batch-after-0"));
        sandbox.Server.Faults.Add(fault + "@/api/v1/chat/batch-message/");

        var status = await batches.GetAsync(submission.BatchJobId, "up_1");

        Assert.Equal(BatchState.Completed, status.State);
        Assert.True(sandbox.Server.Requests.Count("/api/v1/chat/batch-message/") >= 2);
    }

    [Fact]
    public async Task A_submission_is_not_resent_after_a_500()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("500@/api/v1/chat/batch-message");
        using var connection = sandbox.Connect();

        await Assert.ThrowsAsync<Release0ApiException>(() => new BatchClient(connection).SubmitAsync(Request()));

        Assert.Equal(1, sandbox.Server.Requests.Count("/api/v1/chat/batch-message"));
    }

    [Theory]
    [InlineData("UserProfileId", "UserProfileId is required")]
    [InlineData("ProjectEnvId", "ProjectEnvId is required")]
    [InlineData("AgentId", "AgentId is required")]
    [InlineData("Messages", "A batch needs at least one message.")]
    [InlineData("ChatSessionId", "Give either a chat session id or an external chat session id, not both.")]
    [InlineData("filters", "filters.includeEntities must be \"all\" or \"filtered\"")]
    public async Task Invalid_requests_are_refused_before_sending(string field, string message)
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var request = Request();
        switch (field)
        {
            case "UserProfileId": request.UserProfileId = ""; break;
            case "ProjectEnvId": request.ProjectEnvId = " "; break;
            case "AgentId": request.AgentId = ""; break;
            case "Messages": request.Messages.Clear(); break;
            case "ChatSessionId": request.ChatSessionId = "cs_1"; request.ExternalChatSessionId = "mine-1"; break;
            case "filters": request.Filters = new BatchFilters { IncludeEntities = "some" }; break;
        }

        var error = await Assert.ThrowsAsync<Release0ConfigurationException>(() => new BatchClient(connection).SubmitAsync(request));

        Assert.Equal(field, error.Setting);
        Assert.Contains(message, error.Message);
        Assert.Empty(sandbox.Server.Requests.All);
    }

    [Theory]
    [InlineData("not json", "filters are not valid JSON")]
    [InlineData("[]", "filters must be a JSON object")]
    [InlineData("""{"entityFilters":[{"select":["a"]}]}""", "filters.entityFilters[0] needs an entityId string.")]
    [InlineData("""{"entityFilters":"x"}""", "filters.entityFilters must be an array")]
    [InlineData("""{"foo":1}""", "filters has an unknown field \"foo\"")]
    [InlineData("""{"includeEntities":5}""", "filters.includeEntities must be the string")]
    [InlineData("""{"includeEntities":"filtered"}""", "entityFilters is empty")]
    public void Bad_filters_are_explained(string json, string message)
    {
        var error = Assert.Throws<Release0ConfigurationException>(() => BatchFilters.Parse(json));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task Many_submissions_keep_going_past_a_failure_and_report_each()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        var requests = Enumerable.Range(0, 12).Select(i => Request(i == 5 ? "no-such-agent" : "batch-echo", $"job {i}")).ToList();
        requests[8].Messages.Clear();
        var seen = 0;

        var outcomes = await new BulkBatchSubmitter(new BatchClient(connection)).SubmitAllAsync(requests, maxConcurrency: 4, _ => Interlocked.Increment(ref seen));

        Assert.Equal(12, outcomes.Count);
        Assert.Equal(12, seen);
        Assert.Equal(Enumerable.Range(0, 12), outcomes.Select(o => o.Index));
        Assert.Equal([5, 8], outcomes.Where(o => !o.Succeeded).Select(o => o.Index));
        Assert.Equal(404, ((Release0ApiException)outcomes[5].Error!).StatusCode);
        Assert.IsType<Release0ConfigurationException>(outcomes[8].Error);
        Assert.Equal(10, outcomes.Select(o => o.Submission?.BatchJobId).OfType<string>().Distinct().Count());
        Assert.Equal(10, sandbox.Server.BatchSubmissions);
    }
}
