namespace Release0.Core.Diagnostics;

/// <summary>
/// Every span, event, tag and instrument name in one place. HTTP names follow OpenTelemetry's
/// HTTP client conventions; ours carry the <c>release0.</c> prefix.
/// </summary>
internal static class TelemetryNames
{
    public const string Method = "http.request.method";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string UrlPath = "url.path";
    public const string UrlFull = "url.full";
    public const string StatusCode = "http.response.status_code";
    public const string ErrorType = "error.type";
    public const string ResendCount = "http.request.resend_count";

    public const string Operation = "release0.operation";
    public const string Attempts = "release0.attempts";
    public const string Attempt = "release0.attempt";
    public const string RetryDelay = "release0.retry.delay_ms";
    public const string StreamChunks = "release0.stream.chunks";
    public const string StreamBytes = "release0.stream.bytes";
    public const string StreamComplete = "release0.stream.complete";
    public const string JobId = "release0.job_id";
    public const string BatchJobId = "release0.batch_job_id";
    public const string EventId = "release0.event_id";
    public const string Queue = "release0.queue";
    public const string Outcome = "release0.outcome";
    public const string Polls = "release0.polls";
    public const string PollDelay = "release0.poll.delay_ms";
    public const string BatchState = "release0.batch.state";

    public const string RetryEvent = "release0.retry";
    public const string PollEvent = "release0.poll";
    public const string PollScheduledEvent = "release0.poll.scheduled";

    public const string StreamSpan = "release0.stream";
    public const string BatchWaitSpan = "release0.batch.wait";
    public const string JobStepSpan = "release0.job.step";

    public const string CallsMetric = "release0.client.calls";
    public const string CallDurationMetric = "release0.client.call.duration";
    public const string RetriesMetric = "release0.client.retries";
    public const string StreamBytesMetric = "release0.stream.bytes";
    public const string PollsPerJobMetric = "release0.batch.polls";
    public const string DetectionDelayMetric = "release0.batch.detection_delay";
    public const string RefusedMetric = "release0.client.refused";
    public const string PaceWaitMetric = "release0.client.pace.wait";
}
