namespace Release0.Core.Http.Pacing;

/// <summary>What one connection's governor has learned, as its fleet merges it.</summary>
internal readonly struct LearnedPace
{
    public LearnedPace(double? rate, DateTimeOffset pausedUntil, DateTimeOffset lastDecrease, long successes, TimeSpan waited, int instances)
    {
        Instances = instances;
        Waited = waited;
        Rate = rate;
        PausedUntil = pausedUntil;
        LastDecrease = lastDecrease;
        Successes = successes;
    }

    /// <summary>Calls per second it sends at; null while unlimited.</summary>
    public double? Rate { get; }

    public DateTimeOffset PausedUntil { get; }

    /// <summary>When it last cut its rate after a refusal (or took a lower share).</summary>
    public DateTimeOffset LastDecrease { get; }

    /// <summary>Successful answers so far: growth needs some since the last sync.</summary>
    public long Successes { get; }

    /// <summary>Time callers waited for their turn so far: growth needs some since the last sync (the pace limited them).</summary>
    public TimeSpan Waited { get; }

    /// <summary>The fleet size its rate (or slow start's allowance) was divided by when it was last cut or shared.</summary>
    public int Instances { get; }
}
