using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Release0.Core.Http;
using Release0.Core.Jobs;
using Release0.Functions.Adapters;

namespace Release0.Functions.Tests;

/// <summary>The app as the host drives it: messages on its queues, its functions run on what is dequeued, results in blobs.</summary>
[Collection(AppQueues.Name)]
public sealed class EndToEndTests
{
    private static string Request(string jobId, string agent = "batch-polls-3") =>
        $$"""{"jobId":"{{jobId}}","agentId":"{{agent}}","projectEnvId":"pe_1","userProfileId":"up_1","messages":["Summarise {{jobId}}"]}""";

    [Fact]
    public async Task A_batch_request_in_base64_is_submitted_polled_on_delayed_messages_and_its_result_written()
    {
        await using var e2e = await EndToEndApp.StartAsync();
        var started = e2e.Clock.GetUtcNow();

        await e2e.Requests.SendMessageAsync(Request("e2e-1"));
        var delivered = await e2e.Host.RunUntilIdleAsync(e2e.App);

        using var result = JsonDocument.Parse(await e2e.ReadAsync("batches/e2e-1.json"));
        var root = result.RootElement;
        Assert.Equal(("completed", 3), (root.GetProperty("outcome").GetString(), root.GetProperty("polls").GetInt32()));
        Assert.Equal("Echo: Summarise e2e-1", root.GetProperty("response").GetProperty("messages")[0].GetProperty("text").GetString());
        Assert.Equal(4, delivered);
        Assert.Equal(1, e2e.Sandbox.BatchSubmissions);

        // Each poll waited in the queue for its delay, growing, and the clock moved by exactly those delays.
        var polls = e2e.Host.Visibility.Sent.Where(s => s.Queue == JobQueues.BatchPolls).Select(s => s.Delay).ToList();
        Assert.Equal(3, polls.Count);
        Assert.All(polls, delay => Assert.True(delay >= TimeSpan.FromSeconds(1), $"poll delays {string.Join(", ", polls)}"));
        Assert.True(polls[2] >= polls[0], $"poll delays {string.Join(", ", polls)}");
        Assert.Equal(polls.Aggregate(TimeSpan.Zero, (a, b) => a + b), e2e.Clock.GetUtcNow() - started);
        Assert.DoesNotContain(e2e.App.Log.All, line => line.Text.Contains(e2e.Sandbox.Token, StringComparison.Ordinal));
        Assert.Empty(e2e.App.Log.All.Where(line => line.Level >= LogLevel.Warning).Select(line => $"{line.Category}: {line.Text}"));
    }

    [Fact]
    public async Task The_same_request_delivered_twice_is_submitted_once_and_written_once()
    {
        await using var e2e = await EndToEndApp.StartAsync();

        await e2e.Requests.SendMessageAsync(Request("e2e-twice", "batch-polls-1"));
        await e2e.Requests.SendMessageAsync(Request("e2e-twice", "batch-polls-1"));
        await e2e.Host.RunUntilIdleAsync(e2e.App);

        Assert.Equal(1, e2e.Sandbox.BatchSubmissions);
        Assert.Equal("completed", await e2e.OutcomeAsync("e2e-twice"));
        // Besides the app's shared poll-history.json, which is not about this job.
        Assert.Equal(["batches/e2e-twice.json", "claims/batches/e2e-twice/1.json", "submissions/e2e-twice.json"], (await e2e.BlobsAsync()).Where(b => b != BlobPollHistoryStore.BlobName && b != BlobFleetPaceStore.BlobName));
    }

    [Fact]
    public async Task Two_instances_taking_the_same_request_at_once_submit_it_once()
    {
        var claims = new WriteBarrier("/claims/", parties: 2);
        await using var e2e = await EndToEndApp.StartAsync(claims);
        var first = e2e.App;
        using var second = FunctionsApp.Start(e2e.Settings, e2e.Clock, e2e.Host.Visibility, claims);
        await e2e.Requests.SendMessageAsync(Request("e2e-race", "batch-polls-1"));
        await e2e.Requests.SendMessageAsync(Request("e2e-race", "batch-polls-1"));

        var copies = await e2e.Host.ReceiveAsync(JobQueues.BatchRequests);
        Assert.Equal(2, copies.Count);
        var errors = await Task.WhenAll(
            e2e.Host.RunAsync(JobQueues.BatchRequests, copies[0], first.Trigger(JobQueues.BatchRequests)),
            e2e.Host.RunAsync(JobQueues.BatchRequests, copies[1], second.Trigger(JobQueues.BatchRequests)));
        await e2e.Host.RunUntilIdleAsync(first, second);

        Assert.All(errors, Assert.Null);
        Assert.Equal(1, e2e.Sandbox.BatchSubmissions);
        Assert.Equal("completed", await e2e.OutcomeAsync("e2e-race"));

        // The instance that lost the claim looked again after the recheck interval instead of submitting.
        Assert.Contains(e2e.Host.Visibility.Sent, s => s.Queue == JobQueues.BatchRequests && s.Delay == TimeSpan.FromSeconds(30));
        Assert.Contains(first.Log.At(LogLevel.Warning).Concat(second.Log.At(LogLevel.Warning)), line => line.Contains("e2e-race was claimed at", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_message_is_recorded_under_rejected_with_its_reason_and_not_retried()
    {
        await using var e2e = await EndToEndApp.StartAsync();
        const string Message = """{"jobId":"e2e-bad","projectEnvId":"p","userProfileId":"u","messages":["x"]}""";

        await e2e.Requests.SendMessageAsync(Message);
        var delivered = await e2e.Host.RunUntilIdleAsync(e2e.App);

        Assert.Equal(1, delivered);
        Assert.Equal(["rejected/release0-batch-requests/e2e-bad.json"], await e2e.BlobsAsync());
        using var rejected = JsonDocument.Parse(await e2e.ReadAsync("rejected/release0-batch-requests/e2e-bad.json"));
        Assert.Equal(Message, rejected.RootElement.GetProperty("originalText").GetString());
        Assert.Contains("agentId is required", rejected.RootElement.GetProperty("reason").GetString());
        Assert.Empty(e2e.Sandbox.Requests.All);
        Assert.Equal(0, (await e2e.Requests.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task A_throttled_submit_comes_back_through_the_queue_without_using_a_delivery_and_is_then_submitted_once()
    {
        await using var e2e = await EndToEndApp.StartAsync();
        // As many 503s with Retry-After as the connection's attempts (1 + MaxRetries 3): every try of one delivery is refused.
        e2e.Sandbox.Faults.Add("503=0*4@/api/v1/chat/batch-message");
        await e2e.Requests.SendMessageAsync(Request("e2e-503", "batch-polls-1"));

        // Throttling is not failure: the function returns (the host deletes the message) and the request is put back.
        var first = Assert.Single(await e2e.Host.ReceiveAsync(JobQueues.BatchRequests));
        Assert.Null(await e2e.Host.RunAsync(JobQueues.BatchRequests, first, e2e.App.Trigger(JobQueues.BatchRequests)));

        Assert.Contains("claims/batches/e2e-503/1-released.json", await e2e.BlobsAsync());
        var back = Assert.Single(await e2e.Host.ReceiveAsync(JobQueues.BatchRequests));
        Assert.NotEqual(first.MessageId, back.MessageId);
        Assert.Equal(1L, back.DequeueCount);
        Assert.Null(await e2e.Host.RunAsync(JobQueues.BatchRequests, back, e2e.App.Trigger(JobQueues.BatchRequests)));
        await e2e.Host.RunUntilIdleAsync(e2e.App);

        Assert.Equal(1, e2e.Sandbox.BatchSubmissions);
        Assert.Equal("completed", await e2e.OutcomeAsync("e2e-503"));
    }

    [Fact]
    public async Task A_request_marked_resendUnknown_replaces_an_unknown_outcome_and_keeps_it_in_the_history()
    {
        await using var e2e = await EndToEndApp.StartAsync();

        // A 500 after the submit was sent: the platform may have the job, so at-most-once records it as unknown.
        e2e.Sandbox.Faults.Add("500@/api/v1/chat/batch-message");
        await e2e.Requests.SendMessageAsync(Request("e2e-resend", "batch-polls-1"));
        await e2e.Host.RunUntilIdleAsync(e2e.App);
        using (var unknown = JsonDocument.Parse(await e2e.ReadAsync("batches/e2e-resend.json")))
        {
            Assert.Equal("failed", unknown.RootElement.GetProperty("outcome").GetString());
            Assert.True(unknown.RootElement.GetProperty("error").GetProperty("outcomeUnknown").GetBoolean());
        }

        // The same request again is a no-op; with "resendUnknown": true it is sent once more and its document replaced.
        await e2e.Requests.SendMessageAsync(Request("e2e-resend", "batch-polls-1"));
        await e2e.Host.RunUntilIdleAsync(e2e.App);
        // (The sandbox's injected 500 answers before its batch endpoint, so that first submit is not counted.)
        Assert.Equal(0, e2e.Sandbox.BatchSubmissions);
        await e2e.Requests.SendMessageAsync(Request("e2e-resend", "batch-polls-1").TrimEnd('}') + ""","resendUnknown":true}""");
        await e2e.Host.RunUntilIdleAsync(e2e.App);

        Assert.Equal(1, e2e.Sandbox.BatchSubmissions);
        using var result = JsonDocument.Parse(await e2e.ReadAsync("batches/e2e-resend.json"));
        Assert.Equal(("completed", 2), (result.RootElement.GetProperty("outcome").GetString(), result.RootElement.GetProperty("attempt").GetInt32()));
        var earlier = Assert.Single(result.RootElement.GetProperty("history").EnumerateArray());
        Assert.Equal("failed", earlier.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task An_agent_event_runs_its_conversation_and_writes_the_transcript()
    {
        await using var e2e = await EndToEndApp.StartAsync();

        await TestStorage.HostQueue(JobQueues.AgentEvents).SendMessageAsync("""{"eventId":"e2e-evt","agentId":"lead-form","initialContext":{"Company":"Acme","Seats":12},"replies":["Ada","ada@example.com"]}""");
        await e2e.Host.RunUntilIdleAsync(e2e.App);

        using var chat = JsonDocument.Parse(await e2e.ReadAsync("chats/e2e-evt.json"));
        Assert.Equal("e2e-evt", chat.RootElement.GetProperty("eventId").GetString());
        Assert.Contains(chat.RootElement.GetProperty("transcript").EnumerateArray(), line => line.GetProperty("text").GetString() == "Ada");
    }

    [Fact]
    public async Task The_timer_enqueues_each_definition_once_per_slot_and_refuses_a_second_definition_with_the_same_id()
    {
        await using var e2e = await EndToEndApp.StartAsync();
        var definitions = new BlobContainerClient(TestStorage.ConnectionString, e2e.Settings["RELEASE0_DEFINITIONS_CONTAINER"]);
        await definitions.CreateAsync();
        static string Definition(string id) => $$$"""{"id":"{{{id}}}","everyMinutes":60,"request":{"agentId":"batch-echo","projectEnvId":"p","userProfileId":"u","messages":["Summarise"]}}""";
        await definitions.UploadBlobAsync("nightly.json", BinaryData.FromString(Definition("nightly")));
        await definitions.UploadBlobAsync("team-a/nightly.json", BinaryData.FromString(Definition("team-a-nightly")));
        await definitions.UploadBlobAsync("team-a/copy.json", BinaryData.FromString(Definition("nightly")));

        // One minute into an hour, so the next run, five minutes on, falls in the same hourly slot.
        var now = e2e.Clock.GetUtcNow();
        e2e.Clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromTicks(now.Ticks % TimeSpan.TicksPerHour) + TimeSpan.FromMinutes(1));
        await e2e.App.RunTimerAsync();
        e2e.Clock.Advance(TimeSpan.FromMinutes(5));
        await e2e.App.RunTimerAsync();
        var firstSlot = await RequestedJobsAsync();
        e2e.Clock.Advance(TimeSpan.FromHours(1));
        await e2e.App.RunTimerAsync();
        var secondSlot = await RequestedJobsAsync();

        Assert.Equal(2, firstSlot.Count);
        Assert.Equal(2, secondSlot.Count);
        Assert.All(firstSlot.Concat(secondSlot), id => Assert.Matches("^(nightly|team-a-nightly)-[0-9]{12}$", id));
        Assert.Empty(firstSlot.Intersect(secondSlot));
        using var rejected = JsonDocument.Parse(await e2e.ReadAsync("rejected/schedules/team-a/copy.json"));
        Assert.Equal("id 'nightly' is already used by the definition nightly; give each definition its own id", rejected.RootElement.GetProperty("reason").GetString());
    }

    private static async Task<List<string>> RequestedJobsAsync()
    {
        var queue = TestStorage.HostQueue(JobQueues.BatchRequests);
        var jobIds = new List<string>();
        foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
        {
            using var request = JsonDocument.Parse(message.MessageText);
            jobIds.Add(request.RootElement.GetProperty("jobId").GetString()!);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        return jobIds;
    }
}
