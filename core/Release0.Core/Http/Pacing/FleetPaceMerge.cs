namespace Release0.Core.Http.Pacing;

/// <summary>
/// How one instance's pace and the fleet's stored one become the next stored one: the fleet paces as one
/// AIMD sender whose rate is shared out among its N active instances. Each instance's refusal cuts its own share of the
/// fleet's rate (the first one, from slow start, sets it); without one, the rate grows
/// by 10 % a second of the fleet's time, while instances have successes and send about their share (growth needs
/// demand), however many instances propose it. The platform's pause is the latest anyone was given.
/// </summary>
internal static class FleetPaceMerge
{
    /// <summary>An instance not seen for this long no longer takes a share.</summary>
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromSeconds(10);

    /// <summary>An instance says it is still there this often, even when nothing else changed.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(4);

    private const double GrowthPerSecond = 0.1;

    /// <summary>
    /// Growth near and past the rate last refused, like CUBIC's plateau: the platform's bucket lets a rate a little over its limit
    /// through for a while, so a fleet still growing fast when refusals begin is far over it by then, and each of its instances is refused.
    /// </summary>
    private const double ProbeGrowthPerSecond = 0.03;

    /// <summary>Fast growth stops at this part of the rate last refused.</summary>
    private const double Near = 0.9;

    /// <summary>Slow growth ends at this part of the rate last refused: past it, the limit has moved, and growth is fast again.</summary>
    private const double Past = 1.05;

    /// <summary>One instance's refusal never cuts the fleet's rate below this part of it (nor does AIMD cut one connection's further).</summary>
    private const double DecreaseFactor = 0.7;

    /// <summary>
    /// The least a refusal cuts the fleet's rate by. Probing grows the rate 3 % a second; at a rate R the fleet settles where
    /// refusals cut as much, about 3 % / (cut x R) of calls refused: a twentieth keeps that near 3 % at 20 calls/s.
    /// </summary>
    private const double SmallestCut = 0.05;

    /// <summary>Refusals this soon after the fleet's first estimate belong to the overload that ended slow start.</summary>
    public static readonly TimeSpan Aftershock = TimeSpan.FromSeconds(2);

    /// <summary>An instance sending less than this part of its share is held back by its callers, not by the pace: its successes say nothing about a higher rate.</summary>
    private const double FullShare = 0.8;

    /// <param name="lastSync">When this instance last took on the fleet's pace: a cut after it is its own news.</param>
    /// <param name="slowStart">Whether the fleet had no rate yet when this instance last took on its pace (its cut, if any, was its first estimate).</param>
    /// <param name="succeeded">Whether this instance had successful answers since <paramref name="lastSync"/>.</param>
    public static FleetPaceDocument Merge(FleetPaceDocument? stored, LearnedPace local, string self, DateTimeOffset now, DateTimeOffset lastSync, bool slowStart, bool succeeded)
    {
        var merged = new FleetPaceDocument { Rate = stored?.Rate, RefusedAt = stored?.RefusedAt, EstimatedAt = stored?.EstimatedAt, Estimates = stored?.Estimates, ChangedAt = stored?.ChangedAt, CutAt = stored?.CutAt };
        foreach (var instance in stored?.Instances ?? [])
        {
            if (instance.Value > now - ActiveWindow)
            {
                merged.Instances[instance.Key] = instance.Value;
            }
        }

        merged.Instances[self] = now;
        if (local.LastDecrease > lastSync && local.Rate is { } cut && local.RefusedAt is { } refusedAt)
        {
            if (stored?.Rate is not { } fleetRate)
            {
                // The fleet's first estimate: this instance's cut share stands for every instance's it was a share of (they send alike).
                // Slow start's rate is no ceiling to grow back to quickly (it may have doubled past the limit): growth from the
                // estimate is slow until a little past it.
                merged.Rate = cut * local.Instances;
                merged.RefusedAt = merged.Rate / Near;
                merged.Estimates = 1;
                merged.EstimatedAt = merged.CutAt = merged.ChangedAt = now;
            }
            else if (slowStart)
            {
                // Another instance's slow start ended in the same burst. Each instance's view of the fleet's allowance grows with its
                // own successes, so one view is a noisy estimate: the fleet's is the mean of those that come in.
                if (stored.EstimatedAt > now - Aftershock && stored.Estimates is > 0 and var count)
                {
                    merged.Rate = ((fleetRate * count) + (cut * local.Instances)) / (count + 1);
                    merged.RefusedAt = merged.Rate / Near;
                    merged.Estimates = count + 1;
                    merged.ChangedAt = now;
                }
            }
            else if (!(stored.EstimatedAt > now - Aftershock))
            {
                // Each instance's refusal cuts its own share, and at least a twentieth of the fleet's rate: a stray refusal is a small
                // cut, an overload that reaches every instance cuts the whole rate, and probing stays under one refusal in fifty.
                // (A refusal just after the first estimate was the same overload: the burst that ended slow start emptied the
                // platform's bucket.)
                merged.Rate = Math.Max(DecreaseFactor * fleetRate, fleetRate - Math.Max(refusedAt - cut, SmallestCut * fleetRate));
                merged.RefusedAt = fleetRate;
                merged.CutAt = merged.ChangedAt = now;
            }
        }
        else if (merged.Rate is { } rate && succeeded && local.SendRate >= FullShare * rate / merged.Instances.Count && merged.ChangedAt is { } changed && now > changed)
        {
            merged.Rate = Grown(rate, merged.RefusedAt, Math.Min((now - changed).TotalSeconds, 1));
            merged.ChangedAt = now;
        }

        var paused = stored?.PausedUntil is { } until && until > local.PausedUntil ? until : local.PausedUntil;
        merged.PausedUntil = paused > now ? paused : null;
        return merged;
    }

    private static double Grown(double rate, double? refusedAt, double seconds)
    {
        if (refusedAt is not { } refused)
        {
            return rate * (1 + (GrowthPerSecond * seconds));
        }

        var near = Near * refused;
        var past = Past * refused;
        return rate < near ? Math.Min(near, rate * (1 + (GrowthPerSecond * seconds)))
            : rate < past ? rate * (1 + (ProbeGrowthPerSecond * seconds))
            : rate * (1 + (GrowthPerSecond * seconds));
    }

    /// <summary>True when <paramref name="merged"/> tells the fleet something <paramref name="stored"/> does not, or this instance's heartbeat is due.</summary>
    public static bool NeedsWrite(FleetPaceDocument? stored, FleetPaceDocument merged, string self, DateTimeOffset now) =>
        stored is null
        || !stored.Instances.TryGetValue(self, out var seen) || seen <= now - Heartbeat
        || merged.Rate != stored.Rate
        || merged.PausedUntil > (stored.PausedUntil ?? DateTimeOffset.MinValue);
}
