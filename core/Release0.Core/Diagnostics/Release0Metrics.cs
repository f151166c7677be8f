using System.Diagnostics.Metrics;

namespace Release0.Core.Diagnostics;

/// <summary>The instruments of the <c>Release0</c> meter.</summary>
internal static class Release0Metrics
{
    public static readonly Counter<long> Calls = Release0Telemetry.Meter.CreateCounter<long>(
        TelemetryNames.CallsMetric, "{call}", "Platform calls, by operation, status code and error type; retries of one call count once.");

    public static readonly Histogram<double> CallDuration = Release0Telemetry.Meter.CreateHistogram<double>(
        TelemetryNames.CallDurationMetric, "s", "Duration of a platform call including its retries and their waits.");

    public static readonly Counter<long> Retries = Release0Telemetry.Meter.CreateCounter<long>(
        TelemetryNames.RetriesMetric, "{retry}", "Attempts resent after a retryable failure, by operation and error type.");

    public static readonly Counter<long> StreamBytes = Release0Telemetry.Meter.CreateCounter<long>(
        TelemetryNames.StreamBytesMetric, "By", "UTF-8 bytes of streamed reply text received.");

    public static readonly Histogram<int> PollsPerJob = Release0Telemetry.Meter.CreateHistogram<int>(
        TelemetryNames.PollsPerJobMetric, "{poll}", "Polls one batch job took until it completed, failed or timed out.");

    public static readonly Histogram<double> DetectionDelay = Release0Telemetry.Meter.CreateHistogram<double>(
        TelemetryNames.DetectionDelayMetric, "s", "Upper bound of how long a finished batch job went unnoticed: from the last poll that found it unfinished (or the start of the wait) to the poll that found it done.");

    public static readonly Counter<long> Refused = Release0Telemetry.Meter.CreateCounter<long>(
        TelemetryNames.RefusedMetric, "{call}", "Attempts the platform refused for its rate limit (429, or 503 with Retry-After).");

    public static readonly Histogram<double> PaceWait = Release0Telemetry.Meter.CreateHistogram<double>(
        TelemetryNames.PaceWaitMetric, "s", "Time one call waited for its send slot under the connection's pace.");
}
