using System.Diagnostics;
using System.Text.Json;
using Release0.Core.Batches;
using Release0.Core.Chats;
using Release0.Core.Http;
using Release0.Core.Jobs;
using Release0.Core.Jobs.Local;
using Release0.Core.Messages;

namespace Release0.Core.Tests;

[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task Each_platform_call_is_one_client_span_with_the_http_conventions_and_a_call_metric()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var metrics = new MetricCollector();
        using var spans = new SpanCollector();
        var chats = new ChatClient(connection);

        var session = await chats.StartAsync("lead-form");
        await chats.ContinueAsync(session, ChatReply.FromText("Ann"));

        Assert.Equal(2, spans.Spans.Count);
        var start = spans.Spans[0];
        Assert.Equal("POST start chat", start.DisplayName);
        Assert.Equal(ActivityKind.Client, start.Kind);
        Assert.Equal(spans.RootSpanId, start.ParentSpanId.ToHexString());
        Assert.Equal("POST", start.GetTagItem("http.request.method"));
        Assert.Equal("127.0.0.1", start.GetTagItem("server.address"));
        Assert.Equal(sandbox.Server.BaseUri.Port, start.GetTagItem("server.port"));
        Assert.Equal("/api/v1/agents/lead-form/start", start.GetTagItem("url.path"));
        Assert.Equal($"{sandbox.Server.BaseUri.GetLeftPart(UriPartial.Authority)}/api/v1/agents/lead-form/start", start.GetTagItem("url.full"));
        Assert.Equal(200, start.GetTagItem("http.response.status_code"));
        Assert.Equal(1, start.GetTagItem("release0.attempts"));
        Assert.Null(start.GetTagItem("error.type"));
        Assert.Null(start.GetTagItem("http.request.resend_count"));
        Assert.Equal(ActivityStatusCode.Unset, start.Status);
        Assert.Equal($"/api/v1/sessions/{session.SessionId}/continue", spans.Spans[1].GetTagItem("url.path"));

        var calls = metrics.Of("release0.client.calls");
        Assert.Equal(["start chat", "continue chat"], calls.Select(c => c.Tags["release0.operation"]));
        Assert.All(calls, c => Assert.Equal(200, c.Tags["http.response.status_code"]));
        Assert.Equal(2, metrics.Of("release0.client.call.duration").Count);
    }

    [Fact]
    public async Task Retries_show_as_attempts_and_wait_events_on_one_span_and_on_the_retry_counter()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("503=0*2@/api/v1/agents");
        using var connection = sandbox.Connect();
        using var metrics = new MetricCollector();
        using var spans = new SpanCollector();

        await new ChatClient(connection).StartAsync("echo");

        var span = Assert.Single(spans.Spans);
        Assert.Equal(3, span.GetTagItem("release0.attempts"));
        Assert.Equal(2, span.GetTagItem("http.request.resend_count"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        var waits = span.Events.Where(e => e.Name == "release0.retry").ToList();
        Assert.Equal([1, 2], waits.Select(e => e.Tags.First(t => t.Key == "release0.attempt").Value));
        Assert.All(waits, e => Assert.Equal("503", e.Tags.First(t => t.Key == "error.type").Value));
        Assert.All(waits, e => Assert.Equal(0L, e.Tags.First(t => t.Key == "release0.retry.delay_ms").Value));
        var retries = metrics.Of("release0.client.retries");
        Assert.Equal(2, retries.Sum(r => r.Value));
        Assert.All(retries, r => Assert.Equal("start chat", r.Tags["release0.operation"]));
        Assert.Single(metrics.Of("release0.client.calls"));
    }

    [Fact]
    public async Task A_failed_call_carries_its_status_and_error_type()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect(o => o.MaxRetries = 0);
        using var metrics = new MetricCollector();
        using var spans = new SpanCollector();

        await Assert.ThrowsAsync<Release0ApiException>(() => new ChatClient(connection).StartAsync("no-such-agent"));
        sandbox.Server.Faults.Add("504@/api/v1/chat/batch-message/");
        await Assert.ThrowsAsync<Release0ApiException>(() => new BatchClient(connection).GetAsync("bj_x", "up_1"));

        var notFound = spans.Spans[0];
        Assert.Equal(404, notFound.GetTagItem("http.response.status_code"));
        Assert.Equal("404", notFound.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, notFound.Status);
        Assert.StartsWith("start chat failed: HTTP 404", notFound.StatusDescription);
        Assert.Equal("504", spans.Spans[1].GetTagItem("error.type"));
        Assert.Equal(["404", "504"], metrics.Of("release0.client.calls").Select(c => c.Tags["error.type"]));
    }

    [Fact]
    public async Task The_token_appears_in_no_span_event_or_metric_tag_even_when_the_server_echoes_it_or_it_is_used_as_an_id()
    {
        await using var sandbox = await Sandbox.StartAsync();
        sandbox.Server.Faults.Add("leak");
        using var connection = sandbox.Connect(o => o.MaxRetries = 0);
        using var metrics = new MetricCollector();
        using var spans = new SpanCollector();
        var chats = new ChatClient(connection);

        await Assert.ThrowsAsync<Release0ApiException>(() => chats.StartAsync("echo"));
        await Assert.ThrowsAsync<Release0ApiException>(() => chats.StartAsync(sandbox.Server.Token));
        await chats.StartPreviewAsync("agent-echo", new PreviewChatRequest { Message = ChatReply.FromText("my token is " + sandbox.Server.Token) });

        Assert.Equal(3, spans.Spans.Count);
        Assert.Equal("/api/v1/agents/[redacted]/start", spans.Spans[1].GetTagItem("url.path"));
        Assert.Contains("Bearer [redacted]", spans.Spans[0].StatusDescription);
        Assert.All(spans.AllText(), text => Assert.DoesNotContain(sandbox.Server.Token, text));
        Assert.All(metrics.Of("release0.client.calls"), m => Assert.All(m.Tags.Values, v => Assert.DoesNotContain(sandbox.Server.Token, v?.ToString() ?? string.Empty)));
    }

    [Fact]
    public async Task A_stream_span_counts_chunks_and_bytes_and_parents_its_call()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var metrics = new MetricCollector();
        using var spans = new SpanCollector();
        var agents = new AgentMessageClient(connection);

        await foreach (var _ in agents.Stream("slow-stream", "status report"))
        {
        }

        await Assert.ThrowsAsync<Release0ApiException>(async () =>
        {
            await foreach (var _ in agents.Stream("cut-stream", "hi"))
            {
            }
        });

        var streams = spans.Named("release0.stream");
        Assert.Equal(2, streams.Count);
        var whole = streams[0];
        Assert.Equal(5L, whole.GetTagItem("release0.stream.chunks"));
        Assert.Equal(33L, whole.GetTagItem("release0.stream.bytes"));
        Assert.Equal(true, whole.GetTagItem("release0.stream.complete"));
        Assert.Null(whole.GetTagItem("error.type"));
        var call = spans.Spans.First(s => s.DisplayName == "POST stream agent message");
        Assert.Equal(whole.SpanId, call.ParentSpanId);
        Assert.Equal("/v1/api/chat/slow-stream", call.GetTagItem("url.path"));

        var cut = streams[1];
        Assert.Equal(3L, cut.GetTagItem("release0.stream.chunks"));
        Assert.Equal(false, cut.GetTagItem("release0.stream.complete"));
        Assert.Equal("incomplete_response", cut.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Error, cut.Status);
        Assert.Equal([33d, 26d], metrics.Of("release0.stream.bytes").Select(m => m.Value));
    }

    [Fact]
    public async Task Waiting_for_a_batch_job_records_its_polls_and_a_bound_on_the_detection_delay()
    {
        using var metrics = new MetricCollector();
        using var spans = new SpanCollector();
        var clock = new Release0.Bench.SimulatedClock();
        var finishesAt = clock.GetUtcNow().AddSeconds(5);
        using var running = JsonDocument.Parse("""{"status":"running"}""");
        using var done = JsonDocument.Parse("""{"status":"completed","messages":[{"type":"","text":"ok"}]}""");
        var options = new BatchWaitOptions { InitialInterval = TimeSpan.FromSeconds(1), BackoffFactor = 2, MaxInterval = TimeSpan.FromSeconds(8), Jitter = 0, Timeout = TimeSpan.FromMinutes(1) };

        // Polls at 1 s and 3 s find it running; the poll at 7 s finds it done: it finished at most 4 s before.
        var result = await BatchPoller.WaitAsync("bj_1", _ => Task.FromResult(BatchStatusClassifier.Classify("bj_1", clock.GetUtcNow() >= finishesAt ? done.RootElement : running.RootElement)), options, clock);

        Assert.Equal(3, result.Polls);
        var wait = Assert.Single(spans.Named("release0.batch.wait"));
        Assert.Equal("bj_1", wait.GetTagItem("release0.batch_job_id"));
        Assert.Equal("Completed", wait.GetTagItem("release0.outcome"));
        Assert.Equal(["Pending", "Pending", "Completed"], wait.Events.Select(e => e.Tags.First(t => t.Key == "release0.batch.state").Value));
        Assert.Equal(3d, Assert.Single(metrics.Of("release0.batch.polls")).Value);
        Assert.Equal(4d, Assert.Single(metrics.Of("release0.batch.detection_delay")).Value);
    }

    [Fact]
    public async Task Each_job_workflow_step_is_a_span_carrying_the_job_and_batch_job_ids_with_its_calls_as_children()
    {
        await using var sandbox = await Sandbox.StartAsync();
        using var connection = sandbox.Connect();
        using var folder = new TempFolder();
        var queue = new RecordingQueue();
        var workflow = new JobWorkflow(connection, queue, new FolderResultStore(folder.Path), FastJobs.Options());
        using var metrics = new MetricCollector();
        using var spans = new SpanCollector();

        await workflow.HandleBatchRequestAsync(FastJobs.Batch("job-t", "batch-polls-2"), CancellationToken.None);
        while (queue.Sent.TryDequeue(out var ticket))
        {
            await workflow.HandleBatchPollAsync(ticket.Message, CancellationToken.None);
        }

        await workflow.HandleAgentEventAsync(FastJobs.Event("event-t", "lead-form", "Ann", "ann@example.com", "Team"), CancellationToken.None);
        await workflow.HandleBatchRequestAsync("{not json", CancellationToken.None);

        var steps = spans.Named("release0.job.step");
        Assert.Equal(["release0-batch-requests step", "release0-batch-polls step", "release0-batch-polls step", "release0-agent-events step", "release0-batch-requests step"], steps.Select(s => s.DisplayName));
        var batchJobId = (string)steps[0].GetTagItem("release0.batch_job_id")!;
        Assert.StartsWith("bj_", batchJobId);
        Assert.All(steps.Take(3), s => Assert.Equal("job-t", s.GetTagItem("release0.job_id")));
        Assert.All(steps.Take(3), s => Assert.Equal(batchJobId, s.GetTagItem("release0.batch_job_id")));
        Assert.Equal([null, "completed"], steps.Skip(1).Take(2).Select(s => s.GetTagItem("release0.outcome")));
        Assert.Equal("event-t", steps[3].GetTagItem("release0.event_id"));
        Assert.Equal("completed", steps[3].GetTagItem("release0.outcome"));
        Assert.Equal("rejected", steps[4].GetTagItem("release0.outcome"));

        var calls = spans.Spans.Where(s => s.Kind == ActivityKind.Client).ToList();
        Assert.Equal(["POST submit batch", "POST poll batch", "POST poll batch", "POST start chat", "POST continue chat", "POST continue chat", "POST continue chat"], calls.Select(c => c.DisplayName));
        Assert.All(calls, c => Assert.Contains(steps, s => s.SpanId == c.ParentSpanId));
        Assert.Equal(2d, Assert.Single(metrics.Of("release0.batch.polls")).Value);
    }
}
