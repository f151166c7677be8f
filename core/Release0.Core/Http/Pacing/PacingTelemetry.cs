using Release0.Core.Diagnostics;

namespace Release0.Core.Http.Pacing;

/// <summary>The pacing metrics: calls the platform refused for its limit, and time spent waiting for a send slot.</summary>
internal static class PacingTelemetry
{
    public static void Refused() => Release0Metrics.Refused.Add(1);

    public static void Waited(TimeSpan delay) => Release0Metrics.PaceWait.Record(delay.TotalSeconds);
}
