namespace Release0.Core.Http.Pacing;

/// <summary>What one connection's governor has learned, as its fleet merges it.</summary>
internal readonly struct LearnedPace
{
    public LearnedPace(double? rate, double? refusedAt, DateTimeOffset pausedUntil, DateTimeOffset lastDecrease, long successes, double sendRate, int instances)
    {
        Instances = instances;
        SendRate = sendRate;
        Rate = rate;
        RefusedAt = refusedAt;
        PausedUntil = pausedUntil;
        LastDecrease = lastDecrease;
        Successes = successes;
    }

    /// <summary>Calls per second it sends at; null while unlimited.</summary>
    public double? Rate { get; }

    /// <summary>The rate it sent at when it was last refused; null if never.</summary>
    public double? RefusedAt { get; }

    public DateTimeOffset PausedUntil { get; }

    /// <summary>When it last cut its rate after a refusal (or took a lower share).</summary>
    public DateTimeOffset LastDecrease { get; }

    /// <summary>Successful answers so far: growth needs some since the last sync.</summary>
    public long Successes { get; }

    /// <summary>Calls per second it sent over the last two seconds: growth needs it to send about its share (the pace limits it, not its callers).</summary>
    public double SendRate { get; }

    /// <summary>The fleet size its rate (or slow start's allowance) was divided by when it was last cut or shared.</summary>
    public int Instances { get; }
}
