namespace Release0.Core.Http.Pacing;

/// <summary>How a connection's calls were paced: the rate it sends at now, and what it sent, had refused and waited.</summary>
public sealed class PaceReport
{
    public PaceReport(double? rate, long sent, long refused, TimeSpan waited)
    {
        Rate = rate;
        Sent = sent;
        Refused = refused;
        Waited = waited;
    }

    /// <summary>Calls per second the connection sends at; null while the platform has not limited it (and no maximum was set).</summary>
    public double? Rate { get; }

    /// <summary>Attempts sent.</summary>
    public long Sent { get; }

    /// <summary>Attempts the platform refused for its rate limit (429, or 503 with Retry-After).</summary>
    public long Refused { get; }

    /// <summary>Time callers spent waiting for their turn, added up over all callers.</summary>
    public TimeSpan Waited { get; }

    /// <summary>For a run's summary: "paced to about 19 calls/s; 12 of 1,204 calls refused".</summary>
    public override string ToString() => Rate is null && Refused == 0
        ? $"{Sent} calls, none refused"
        : $"paced to about {RateGovernor.Shown(Rate)} calls/s; {Refused} of {Sent} calls refused";
}
