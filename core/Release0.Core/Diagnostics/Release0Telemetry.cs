using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Release0.Core.Diagnostics;

/// <summary>
/// The names to listen to: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both called
/// <see cref="Name"/>. The core depends on no exporter; a host adds them to its own pipeline, e.g.
/// OpenTelemetry's <c>AddSource(Release0Telemetry.Name)</c> and <c>AddMeter(Release0Telemetry.Name)</c>.
/// </summary>
public static class Release0Telemetry
{
    public const string Name = "Release0";

    private static readonly string Version = typeof(Release0Telemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    internal static readonly ActivitySource Source = new(Name, Version);

    internal static readonly Meter Meter = new(Name, Version);
}
